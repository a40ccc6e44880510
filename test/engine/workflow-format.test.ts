import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serializeWorkflow } from '../../engine/index.ts';
import type { WorkflowDocument } from '../../engine/index.ts';
import { sketch } from '../harness/engine-runner.ts';

describe('the workflow file format', () => {
  it('writes the samples exactly as they are stored, so a save without changes is no diff', () => {
    for (const file of ['workflows/headline-check.json']) {
      const text = readFileSync(file, 'utf8');
      expect(serializeWorkflow(JSON.parse(text))).toBe(text);
    }
  });

  it('puts keys in a fixed order whatever order they came in', () => {
    const a = sketch([{ id: 'n', type: 'text.template', settings: { trim: true, template: 'x' } }]);
    const b = Object.fromEntries(Object.entries(a).reverse());
    b.nodes = [
      {
        settings: { template: 'x', trim: true },
        type: 'text.template',
        position: { y: 0, x: 0 },
        id: 'n',
      },
    ];
    expect(serializeWorkflow(b as WorkflowDocument)).toBe(serializeWorkflow(a));
  });

  it('changes one line when one setting changes', () => {
    const before = sketch([{ id: 'n', type: 'text.template', settings: { template: 'old' } }]);
    const after = structuredClone(before);
    after.nodes[0]!.settings.template = 'new';
    const left = serializeWorkflow(before).split('\n');
    const right = serializeWorkflow(after).split('\n');
    expect(left.length).toBe(right.length);
    expect(left.filter((line, index) => line !== right[index])).toHaveLength(1);
  });
});
