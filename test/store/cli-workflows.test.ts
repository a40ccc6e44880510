import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main as run } from '../../cli/run-command.ts';
import { main as workflows } from '../../cli/workflows-command.ts';
import { capture, useTempHome } from './cli-capture.ts';

const SAMPLE = fileURLToPath(new URL('../../workflows/headline-check.json', import.meta.url));
let home: string;
useTempHome((made) => (home = made));

/** The sample with the approving template changed, written beside the store. */
function editedSample(template: string): string {
  const document = JSON.parse(readFileSync(SAMPLE, 'utf8'));
  document.nodes.find((node: { id: string }) => node.id === 'approve').settings.template = template;
  const file = join(home, 'edited.json');
  writeFileSync(file, JSON.stringify(document));
  return file;
}

describe('pipewright workflows', () => {
  it('saves versions, lists them, and diffs two as readable lines', async () => {
    expect((await capture(workflows, ['save', SAMPLE, '--message', 'first'])).code).toBe(0);
    const second = await capture(workflows, ['save', editedSample('OK: {{headline}}')]);
    expect(second.stderr).toBe('Saved headline-check as version 2\n');

    const listed = await capture(workflows, []);
    expect(listed.stdout).toMatch(/\nheadline-check\s+2\s+\d{4}-.*Headline check\n$/);
    const history = await capture(workflows, ['versions', 'headline-check']);
    expect(history.stdout.split('\n').slice(1, 3)).toEqual([
      expect.stringMatching(/^2\s+\d{4}-\S+ \S+$/),
      expect.stringMatching(/^1\s+\d{4}-\S+ \S+\s+first$/),
    ]);

    const diff = await capture(workflows, ['diff', 'headline-check', '1']);
    expect(diff.stdout).toBe(
      'headline-check: version 1 -> 2\n' +
        '~ node approve settings.template: "Approved: {{headline}}" -> "OK: {{headline}}"\n',
    );
    const json = JSON.parse(
      (await capture(workflows, ['diff', 'headline-check', '1', '2', '--json'])).stdout,
    );
    expect(json.nodesChanged).toEqual([
      {
        id: 'approve',
        changes: [
          {
            path: 'settings.template',
            before: 'Approved: {{headline}}',
            after: 'OK: {{headline}}',
          },
        ],
      },
    ]);
  });

  it('restores an old version as a new one and shows any version as a file', async () => {
    await capture(workflows, ['save', SAMPLE]);
    await capture(workflows, ['save', editedSample('OK: {{headline}}')]);

    const restored = await capture(workflows, ['restore', 'headline-check', '1']);
    expect(restored.stderr).toBe('Saved headline-check as version 3: Restored version 1.\n');
    const latest = await capture(workflows, ['show', 'headline-check']);
    expect(JSON.parse(latest.stdout)).toEqual(JSON.parse(readFileSync(SAMPLE, 'utf8')));
    const old = await capture(workflows, ['show', 'headline-check', '--version', '2']);
    expect(old.stdout).toContain('"template": "OK: {{headline}}"');
  });

  it('pins a node to its output from a past run, and a run of that version uses it', async () => {
    await capture(workflows, ['save', SAMPLE]);
    const past = await capture(run, [SAMPLE, '--input', 'headline=five!', '--out', home]);
    const runId = past.stderr.match(/Run (run_\w+) completed/)![1]!;

    const pinned = await capture(workflows, ['pin', 'headline-check', 'length', runId]);
    expect(pinned.code, pinned.stderr).toBe(0);
    expect(pinned.stderr).toContain(
      `version 2: Pinned node "length" to its outputs from run ${runId}.`,
    );
    const file = join(home, 'pinned.json');
    writeFileSync(file, (await capture(workflows, ['show', 'headline-check'])).stdout);
    const later = await capture(run, [file, '--input', 'headline=a much longer headline']);
    expect(later.stdout).toContain('length: 5\n');

    expect((await capture(workflows, ['unpin', 'headline-check', 'length'])).code).toBe(0);
    const diff = await capture(workflows, ['diff', 'headline-check', '2', '3']);
    expect(diff.stdout).toContain('~ node length pinned: removed (was {"result":5})');
  });

  it('says which workflow, version or node is wrong', async () => {
    await capture(workflows, ['save', SAMPLE]);

    const unknown = await capture(workflows, ['versions', 'nope']);
    expect(unknown).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No workflow "nope"'),
    });
    const version = await capture(workflows, ['diff', 'headline-check', '1', '7']);
    expect(version.stderr).toContain('has no saved version 7');
    const node = await capture(workflows, ['unpin', 'headline-check', 'ghost']);
    expect(node.stderr).toContain('has no node "ghost"');
    await expect(workflows(['list', '--jsn'])).rejects.toThrow('there is no option --jsn.');
  });
});
