import { describe, expect, it } from 'vitest';
import type { NodeKindInfo } from '../../main/api/types.ts';
import {
  draftValues,
  inputFieldsOf,
  missingInputs,
  runInputs,
  useRunDraft,
} from '../../renderer/src/store/run-inputs.ts';
import type { InputField } from '../../renderer/src/store/run-inputs.ts';
import type { PipelineNode } from '../../renderer/src/store/graph-types.ts';

const kinds = {
  input: { role: 'input' },
  'text.template': {},
} as unknown as Record<string, NodeKindInfo>;

const node = (id: string, kind: string, settings: Record<string, unknown>): PipelineNode => ({
  id,
  type: 'pipeline',
  position: { x: 0, y: 0 },
  data: { kind, settings },
});

const fields: InputField[] = [
  { name: 'headline', type: 'text' },
  { name: 'tone', type: 'text', default: 'calm' },
  { name: 'notes', type: 'text', required: false },
];

describe('run inputs', () => {
  it('gathers the fields of every Input node, in node order, and nothing from other kinds', () => {
    const nodes = [
      node('first', 'input', { fields: [{ name: 'a' }, { nameless: true }] }),
      node('template', 'text.template', { fields: [{ name: 'not-an-input' }] }),
      node('second', 'input', { fields: [{ name: 'b', required: false }] }),
    ];
    expect(inputFieldsOf(nodes, kinds)).toEqual([{ name: 'a' }, { name: 'b', required: false }]);
  });

  it('gives each field its value, else its default, and leaves empty text out', () => {
    expect(runInputs(fields, { headline: 'Tide pools', notes: '' })).toEqual({
      headline: 'Tide pools',
      tone: 'calm',
    });
  });

  it('names the required fields that would go empty: not those with a default or optional', () => {
    expect(missingInputs(fields, {})).toEqual(['headline']);
    expect(missingInputs(fields, { headline: '' })).toEqual(['headline']);
    expect(missingInputs(fields, { headline: 'Tide pools' })).toEqual([]);
  });

  it('needs nothing when the pipeline has no Input node', () => {
    expect(missingInputs([], {})).toEqual([]);
    expect(runInputs([], { stale: 1 })).toEqual({});
  });
});

describe("the run form's draft", () => {
  const lastRun = { headline: 'Tide pools' };

  it('keeps typed values on top of the run on screen, for the same workflow and run', () => {
    useRunDraft.setState({ draft: null });
    expect(draftValues(useRunDraft.getState().draft, 1, lastRun)).toBe(lastRun);

    useRunDraft.getState().give(1, lastRun, 'tone', 'grim');
    useRunDraft.getState().give(1, lastRun, 'headline', 'Salt marshes');

    expect(draftValues(useRunDraft.getState().draft, 1, lastRun)).toEqual({
      headline: 'Salt marshes',
      tone: 'grim',
    });
  });

  it('starts afresh from the run on screen when another run or workflow is shown', () => {
    useRunDraft.setState({ draft: null });
    useRunDraft.getState().give(1, lastRun, 'headline', 'Salt marshes');
    const pastRun = { headline: 'Dunes' };

    expect(draftValues(useRunDraft.getState().draft, 1, pastRun)).toBe(pastRun);
    expect(draftValues(useRunDraft.getState().draft, 2, lastRun)).toBe(lastRun);
    expect(draftValues(useRunDraft.getState().draft, 2, undefined)).toEqual({});
  });
});
