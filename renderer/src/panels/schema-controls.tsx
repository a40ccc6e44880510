import { useState } from 'react';
import type { Schema } from './json-schema.ts';

/**
 * Typed controls commit on blur (and Enter in one-line boxes), not on every key, so that one
 * edit is one undo step. Each keeps a draft; its parent keys it by the committed value, so an
 * undo or a reload replaces the draft.
 */
interface ControlProps<T> {
  id: string;
  schema: Schema;
  value: T | undefined;
  onCommit(value: T | undefined): void;
  onDraft?(value: unknown): void;
}

export function TextControl({
  id,
  schema,
  value,
  onCommit,
  onDraft,
  long,
}: ControlProps<string> & { long: boolean }) {
  const [draft, setDraft] = useState(value ?? '');
  const placeholder = typeof schema.default === 'string' ? schema.default : '';
  const commit = () => {
    if (draft !== (value ?? '')) onCommit(draft === '' ? undefined : draft);
  };
  const change = (text: string) => {
    setDraft(text);
    onDraft?.(text);
  };

  if (long) {
    return (
      <textarea
        id={id}
        rows={Math.min(10, Math.max(3, draft.split('\n').length + 1))}
        value={draft}
        placeholder={placeholder}
        onChange={(event) => change(event.target.value)}
        onBlur={commit}
      />
    );
  }
  return (
    <input
      id={id}
      type="text"
      value={draft}
      placeholder={placeholder}
      onChange={(event) => change(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => event.key === 'Enter' && commit()}
    />
  );
}

export function NumberControl({ id, schema, value, onCommit, onDraft }: ControlProps<number>) {
  const [draft, setDraft] = useState(value === undefined ? '' : String(value));
  const commit = () => {
    const next = draft.trim() === '' ? undefined : Number(draft);
    if (next !== undefined && !Number.isFinite(next)) return;
    if (next !== value) onCommit(next);
  };
  return (
    <input
      id={id}
      type="number"
      value={draft}
      step={schema.type === 'integer' ? 1 : 'any'}
      min={schema.minimum}
      max={schema.maximum}
      placeholder={schema.default === undefined ? '' : String(schema.default)}
      onChange={(event) => {
        setDraft(event.target.value);
        onDraft?.(event.target.value === '' ? undefined : Number(event.target.value));
      }}
      onBlur={commit}
      onKeyDown={(event) => event.key === 'Enter' && commit()}
    />
  );
}

export function ColourControl({ id, schema, value, onCommit }: ControlProps<string>) {
  const shown = value ?? (typeof schema.default === 'string' ? schema.default : '#000000');
  return (
    <span className="colour-control">
      <input
        id={id}
        type="color"
        value={shown}
        onChange={(event) => onCommit(event.target.value)}
      />
      <code>{shown}</code>
    </span>
  );
}

export function SelectControl({ id, schema, value, onCommit }: ControlProps<string>) {
  const options = (schema.enum ?? []) as string[];
  const shown = value ?? (typeof schema.default === 'string' ? schema.default : '');
  return (
    <select id={id} value={shown} onChange={(event) => onCommit(event.target.value || undefined)}>
      {schema.default === undefined ? <option value="">(none)</option> : null}
      {options.map((option) => (
        <option key={option} value={option}>
          {option}
        </option>
      ))}
    </select>
  );
}

export function BooleanControl({ id, schema, value, onCommit }: ControlProps<boolean>) {
  const shown = value ?? schema.default === true;
  return (
    <input
      id={id}
      type="checkbox"
      checked={shown}
      onChange={(event) => onCommit(event.target.checked)}
    />
  );
}

export function StringListControl({ id, value, onCommit }: ControlProps<string[]>) {
  const [draft, setDraft] = useState((value ?? []).join('\n'));
  const commit = () => {
    const lines = draft
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    onCommit(lines.length ? lines : undefined);
  };
  return (
    <textarea
      id={id}
      rows={3}
      value={draft}
      placeholder="One per line"
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
    />
  );
}

/** Any value at all, as JSON text; a syntax error is shown and nothing is committed. */
export function JsonControl({ id, schema, value, onCommit }: ControlProps<unknown>) {
  const [draft, setDraft] = useState(value === undefined ? '' : JSON.stringify(value, null, 2));
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    if (draft.trim() === '') return onCommit(undefined);
    try {
      onCommit(JSON.parse(draft));
      setError(null);
    } catch (problem) {
      setError(`Not valid JSON: ${(problem as Error).message}`);
    }
  };
  return (
    <>
      <textarea
        id={id}
        className="json-control"
        rows={Math.min(12, Math.max(3, draft.split('\n').length))}
        value={draft}
        spellCheck={false}
        placeholder={schema.default === undefined ? 'JSON' : JSON.stringify(schema.default)}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
      />
      {error ? <span className="field-error">{error}</span> : null}
    </>
  );
}
