import { useState } from 'react';
import { checkValue, labelFor, widgetFor } from './json-schema.ts';
import type { Schema } from './json-schema.ts';
import {
  BooleanControl,
  ColourControl,
  JsonControl,
  NumberControl,
  SelectControl,
  StringListControl,
  TextControl,
} from './schema-controls.tsx';

type Value = Record<string, unknown>;

interface SchemaFormProps {
  schema: Schema;
  value: Value;
  onChange(next: Value): void;
  /** Server problems by dotted field path (`fields.0.name`). */
  problems?: Record<string, string>;
  idPrefix: string;
}

/**
 * A form for an object schema, one control per property. Unset properties stay out of the
 * value (their defaults show as placeholders), so saved files hold only what a user chose.
 */
export function SchemaForm({ schema, value, onChange, problems = {}, idPrefix }: SchemaFormProps) {
  const required = new Set(schema.required ?? []);
  return (
    <div className="schema-form">
      {Object.entries(schema.properties ?? {}).map(([name, property]) => (
        <SchemaField
          key={name}
          name={name}
          path={name}
          schema={property}
          value={value[name]}
          required={required.has(name)}
          problems={problems}
          idPrefix={idPrefix}
          onChange={(next) => onChange(withValue(value, name, next))}
        />
      ))}
    </div>
  );
}

interface FieldProps {
  name: string;
  path: string;
  schema: Schema;
  value: unknown;
  required: boolean;
  problems: Record<string, string>;
  idPrefix: string;
  onChange(next: unknown): void;
}

function SchemaField(props: FieldProps) {
  const { name, path, schema, value, required, problems, idPrefix, onChange } = props;
  const [draft, setDraft] = useState<{ value: unknown } | null>(null);
  const widget = widgetFor(schema, name);
  const id = `${idPrefix}-${path.replace(/\./g, '-')}`;
  const local = checkValue(schema, draft ? draft.value : value, required);
  const message = local ?? problems[path] ?? null;
  const commit = (next: unknown) => {
    setDraft(null);
    onChange(next);
  };
  const control = {
    id,
    schema,
    onCommit: commit,
    onDraft: (next: unknown) => setDraft({ value: next }),
  };
  const key = JSON.stringify(value) ?? 'unset';

  return (
    <div className={`field field-${widget}${message ? ' invalid' : ''}`} data-field={path}>
      <label htmlFor={id} className="field-label">
        {labelFor(name, schema)}
        {required ? <span className="field-required">*</span> : null}
      </label>
      {widget === 'select' ? (
        <SelectControl key={key} {...control} value={value as string} />
      ) : null}
      {widget === 'boolean' ? (
        <BooleanControl key={key} {...control} value={value as boolean} />
      ) : null}
      {widget === 'number' ? (
        <NumberControl key={key} {...control} value={value as number} />
      ) : null}
      {widget === 'colour' ? (
        <ColourControl key={key} {...control} value={value as string} />
      ) : null}
      {widget === 'text' || widget === 'long-text' ? (
        <TextControl key={key} {...control} value={value as string} long={widget === 'long-text'} />
      ) : null}
      {widget === 'string-list' ? (
        <StringListControl key={key} {...control} value={value as string[]} />
      ) : null}
      {widget === 'json' ? <JsonControl key={key} {...control} value={value} /> : null}
      {widget === 'object' ? <NestedObject {...props} value={(value ?? {}) as Value} /> : null}
      {widget === 'list' ? <ObjectList {...props} value={(value ?? []) as Value[]} /> : null}
      {schema.description ? <span className="field-hint">{schema.description}</span> : null}
      {message ? (
        <span className="field-error" role="alert">
          {message}
        </span>
      ) : null}
    </div>
  );
}

function NestedObject(props: FieldProps & { value: Value }) {
  const { schema, value, path, problems, idPrefix, onChange } = props;
  const required = new Set(schema.required ?? []);
  return (
    <div className="field-object">
      {Object.entries(schema.properties ?? {}).map(([name, property]) => (
        <SchemaField
          key={name}
          name={name}
          path={`${path}.${name}`}
          schema={property}
          value={value[name]}
          required={required.has(name)}
          problems={problems}
          idPrefix={idPrefix}
          onChange={(next) => onChange(withValue(value, name, next))}
        />
      ))}
    </div>
  );
}

/** A list of objects (an Input node's fields): one small form per entry, add and remove. */
function ObjectList(props: FieldProps & { value: Value[] }) {
  const { schema, value, path, problems, idPrefix, onChange, name } = props;
  const item = schema.items ?? {};
  const replace = (index: number, next: unknown) =>
    onChange(value.map((entry, at) => (at === index ? (next as Value) : entry)));

  return (
    <div className="field-list">
      {value.map((entry, index) => (
        <fieldset key={index} className="field-list-item">
          <legend>
            {typeof entry.name === 'string' && entry.name
              ? entry.name
              : `${labelFor(name, schema)} ${index + 1}`}
            <button
              type="button"
              className="link-button"
              aria-label={`Remove ${name} ${index + 1}`}
              onClick={() => onChange(value.filter((_, at) => at !== index))}
            >
              Remove
            </button>
          </legend>
          <NestedObject
            {...props}
            schema={item}
            path={`${path}.${index}`}
            value={entry}
            problems={problems}
            idPrefix={idPrefix}
            onChange={(next) => replace(index, next)}
          />
        </fieldset>
      ))}
      <button
        type="button"
        className="small-button"
        onClick={() => onChange([...value, blankEntry(item, value.length)])}
      >
        Add {singular(name)}
      </button>
    </div>
  );
}

function blankEntry(schema: Schema, count: number): Value {
  const entry: Value = {};
  for (const name of schema.required ?? []) {
    const property = schema.properties?.[name];
    if (property?.type === 'string') entry[name] = name === 'name' ? `field_${count + 1}` : '';
  }
  return entry;
}

function withValue(record: Value, name: string, next: unknown): Value {
  const copy = { ...record };
  if (next === undefined) delete copy[name];
  else copy[name] = next;
  return copy;
}

function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}
