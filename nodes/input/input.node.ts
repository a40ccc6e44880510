import { z } from 'zod';
import { defineNode, fitsPortType, userError } from '../../engine/index.ts';
import type { Ports } from '../../engine/index.ts';
import { fieldList } from './fields.ts';
import type { Field } from './fields.ts';
import { checkJsonField } from './json-field-check.ts';

const settings = z.object({ fields: fieldList });

/** Where a manual, CLI or HTTP run enters the pipeline: one output per field. */
export const inputNode = defineNode({
  type: 'input',
  version: 1,
  title: 'Input',
  category: 'input-output',
  description:
    'The values a run starts with. Its fields become the form in the studio and the request body of the exported service.',
  role: 'input',
  settings,
  inputs: {},
  outputs: ({ fields }) => portsOf(fields),
  run: (_inputs, { fields }, context) => readRunInputs(fields, context.runInputs),
});

export function portsOf(fields: Field[]): Ports {
  const ports: Ports = {};
  for (const field of fields) {
    ports[field.name] = {
      type: field.type,
      description: field.description,
      optional: !field.required,
    };
    if (field.schema) ports[field.name]!.schema = field.schema;
  }
  return ports;
}

/**
 * Checks the run's inputs against the fields: every required one present, none unknown, each
 * of its type. Text from a command line or a form is read as a number or boolean where the field
 * asks for one.
 */
export function readRunInputs(fields: Field[], given: Readonly<Record<string, unknown>>) {
  const known = new Set(fields.map((field) => field.name));
  const unknown = Object.keys(given).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const accepted = fields.map((field) => field.name).join(', ') || 'none';
    throw userError(
      'INPUT_UNKNOWN',
      `Unknown input ${unknown.map((n) => `"${n}"`).join(', ')}; this pipeline takes: ${accepted}.`,
      {
        field: unknown[0],
      },
    );
  }

  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const value = readField(field, given[field.name]);
    if (value !== undefined) values[field.name] = value;
  }
  return values;
}

function readField(field: Field, raw: unknown): unknown {
  const value = fromText(field.type, raw ?? field.default);
  if (value === undefined || value === '') {
    if (field.required)
      throw userError('INPUT_MISSING', `The input "${field.name}" is required.`, {
        field: field.name,
      });
    return undefined;
  }
  if (!fitsPortType(field.type, value)) {
    const what = ['image', 'audio', 'video', 'file'].includes(field.type)
      ? `${article(field.type)} ${field.type} file`
      : `${article(field.type)} ${field.type}`;
    throw userError('INPUT_INVALID', `The input "${field.name}" must be ${what}.`, {
      field: field.name,
    });
  }
  checkJsonField(field, value);
  if (field.enum && !field.enum.includes(value as string)) {
    throw userError(
      'INPUT_INVALID',
      `The input "${field.name}" must be one of ${field.enum.join(', ')}.`,
      { field: field.name },
    );
  }
  return value;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

function fromText(type: Field['type'], value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (type === 'number' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  if (type === 'json') {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}
