import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/index.ts';
import { RunView } from '../../cli/run-view.ts';
import { compile, registryWith } from '../harness/engine-runner.ts';

const workflow = compile(
  JSON.parse(readFileSync('workflows/headline-check.json', 'utf8')),
  registryWith(),
);
const NODES = workflow.order.length;
const MOVE_UP = new RegExp(`^${String.fromCharCode(27)}\\[\\d+A`);

/** A stand-in for stderr that keeps what was written. */
function screen(isTTY: boolean, columns = 60, rows = 24) {
  const chunks: string[] = [];
  const out = { isTTY, columns, rows, write: (chunk: string) => chunks.push(chunk) > 0 };
  return { out: out as unknown as NodeJS.WriteStream, chunks };
}

let seq = 0;
function event(payload: Record<string, unknown>): RunEvent {
  return { runId: 'run_test', seq: seq++, at: Date.now(), ...payload } as RunEvent;
}

const STEPS: RunEvent[] = [
  event({ type: 'node.started', nodeId: 'headline', attempt: 1, inputs: {} }),
  event({ type: 'node.progress', nodeId: 'headline', fraction: 0.5, message: 'half way' }),
  event({ type: 'node.log', nodeId: 'headline', level: 'info', message: 'not a line of its own' }),
  event({
    type: 'node.failed',
    nodeId: 'fits',
    attempts: 1,
    durationMs: 3,
    error: {
      code: 'X',
      message: `a message that is much longer than the terminal is wide\nand has two lines ${'x'.repeat(80)}`,
      fault: 'user',
      transient: false,
      details: {},
    },
  }),
];

describe('the run view', () => {
  it('on a terminal, redraws one line per node in place with a progress bar', () => {
    const { out, chunks } = screen(true, 60);
    const view = new RunView(workflow, out);
    for (const step of STEPS) view.onEvent(step);

    expect(chunks).toHaveLength(3);
    expect(chunks[0]!.startsWith('\x1b[')).toBe(true);
    expect(chunks[0]).not.toMatch(MOVE_UP);
    for (const frame of chunks.slice(1)) expect(frame.startsWith(`\x1b[${NODES}A`)).toBe(true);

    expect(chunks[1]).toContain('▶ headline [##########          ]  50% half way');
    for (const frame of chunks) {
      const rows = frame.replace(MOVE_UP, '').split('\n').slice(0, -1);
      expect(rows).toHaveLength(NODES);
      for (const row of rows) expect([...row.replace('\x1b[2K', '')].length).toBeLessThan(60);
    }
    expect(chunks[2]).toMatch(/✗ fits +a message that is much longer .*…\n/);

    view.onEvent(event({ type: 'run.failed', error: {}, durationMs: 5, costUsd: 0 }));
    expect(chunks).toHaveLength(4);
    expect(chunks[3]).toContain('– headline stopped: the run failed');
    expect(chunks[3]).toContain('– result   not reached: the run failed');
    expect(chunks[3]).toContain('✗ fits');
  });

  it.each([
    ['a pipe', false, 24],
    ['a terminal too short for every node', true, NODES],
  ])('on %s, writes one plain line per change and leaves progress out', (_, isTTY, rows) => {
    const { out, chunks } = screen(isTTY as boolean, 60, rows as number);
    const view = new RunView(workflow, out);
    for (const step of STEPS) view.onEvent(step);

    const text = chunks.join('');
    expect(text).not.toContain('\x1b');
    expect(text).not.toContain('50%');
    expect(text.startsWith('▶ headline started\n✗ fits a message that is much longer')).toBe(true);
  });
});
