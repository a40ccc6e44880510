import { create } from 'zustand';
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

type Values = Record<string, unknown>;
const NO_VALUES: Values = {};

/**
 * What the run form holds. The form unmounts whenever another side-panel tab is shown, so the
 * values live here. They belong to one opened workflow (its `loadId`) and to the run on screen
 * they started from (its inputs, `seed`): opening another workflow, starting a run or opening
 * one from history shows that run's inputs afresh.
 */
export interface RunDraft {
  loadId: number;
  seed: Values | undefined;
  values: Values;
}

/** The values the run form shows: the draft while it still belongs, else the run's inputs. */
export function draftValues(
  draft: RunDraft | null,
  loadId: number,
  seed: Values | undefined,
): Values {
  if (draft && draft.loadId === loadId && draft.seed === seed) return draft.values;
  return seed ?? NO_VALUES;
}

interface RunDraftState {
  draft: RunDraft | null;
  /** Records a value typed into the form of workflow `loadId` with run inputs `seed` on screen. */
  give(loadId: number, seed: Values | undefined, name: string, value: unknown): void;
}

export const useRunDraft = create<RunDraftState>()((set, get) => ({
  draft: null,
  give(loadId, seed, name, value) {
    const values = { ...draftValues(get().draft, loadId, seed), [name]: value };
    set({ draft: { loadId, seed, values } });
  },
}));
