import type { NodeKindInfo } from '../../../main/api/types.ts';
import type { PipelineNode } from './graph-types.ts';

/** An Input node's field as its settings hold it; the server checks the full shape. */
export interface InputField {
  name: string;
  type?: string;
  required?: boolean;
  description?: string;
  enum?: string[];
  default?: unknown;
  example?: unknown;
}

/** The fields of every Input node in the graph, in node order. */
export function inputFieldsOf(
  nodes: readonly PipelineNode[],
  kinds: Readonly<Record<string, NodeKindInfo>>,
): InputField[] {
  const fields: InputField[] = [];
  for (const node of nodes) {
    if (kinds[node.data.kind]?.role !== 'input') continue;
    const list = node.data.settings.fields;
    if (Array.isArray(list)) fields.push(...(list as InputField[]).filter(hasName));
  }
  return fields;
}

/** What a run is given: each field's value, else its default; empty text counts as no value. */
export function runInputs(
  fields: readonly InputField[],
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name] ?? field.default;
    if (value !== undefined && value !== '') inputs[field.name] = value;
  }
  return inputs;
}

/** The required fields (all but those marked `required: false`) that would go without a value. */
export function missingInputs(
  fields: readonly InputField[],
  values: Readonly<Record<string, unknown>>,
): string[] {
  const given = runInputs(fields, values);
  return fields
    .filter((field) => field.required !== false && !(field.name in given))
    .map((field) => field.name);
}

function hasName(field: unknown): field is InputField {
  return typeof (field as InputField | null)?.name === 'string';
}
