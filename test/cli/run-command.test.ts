import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipewright } from '../harness/cli.ts';

const SAMPLE = 'workflows/headline-check.json';
const PNG = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3, 4]);

/** A folder with a picture and a workflow that passes the picture and a caption through. */
async function mediaFlow() {
  const folder = await mkdtemp(join(tmpdir(), 'pipewright-media-'));
  const fields = [{ name: 'photo', type: 'image' }, { name: 'caption' }];
  const workflow = {
    format: 1,
    id: 'pass-photo',
    name: 'Pass a photo',
    version: '1.0.0',
    nodes: [
      { id: 'in', type: 'input', position: { x: 0, y: 0 }, settings: { fields } },
      { id: 'out', type: 'output', position: { x: 200, y: 0 }, settings: { fields } },
    ],
    edges: [
      { from: ['in', 'photo'], to: ['out', 'photo'] },
      { from: ['in', 'caption'], to: ['out', 'caption'] },
    ],
  };
  await writeFile(join(folder, 'photo.png'), PNG);
  await writeFile(join(folder, 'pass-photo.json'), JSON.stringify(workflow));
  const args = ['run', 'pass-photo.json', '--input', 'photo=@photo.png', '--input', 'caption=Hi'];
  return { folder, args };
}

describe('pipewright run', () => {
  it('runs the sample and prints its outputs, with one line per node step on a pipe', async () => {
    const result = await pipewright([
      'run',
      SAMPLE,
      '--input',
      'headline=Ten tips for faster renders',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('verdict: Approved: Ten tips for faster renders\nlength: 27\n');
    expect(result.stderr).toContain('✓ fits');
    expect(result.stderr).toContain(
      '– shorten skipped: "fits" sent nothing on "no" (a branch not taken)',
    );
    expect(result.stderr).toMatch(/Run run_\w+ completed/);
  });

  it('prints the event stream as NDJSON ending with the run and its outputs', async () => {
    const result = await pipewright([
      'run',
      SAMPLE,
      '--input',
      `headline=${'x'.repeat(80)}`,
      '--json',
    ]);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(result.code).toBe(0);
    expect(events[0].type).toBe('run.started');
    expect(new Set(events.map((event) => event.runId)).size).toBe(1);
    expect(events.at(-1)).toMatchObject({
      type: 'run.completed',
      outputs: { verdict: `Shortened: ${'x'.repeat(67)}...`, length: 80 },
    });
    expect(
      events.filter((event) => event.type === 'node.completed').map((event) => event.nodeId),
    ).toContain('shorten');
  });

  it('copies media outputs into --out and prints where each went', async () => {
    const { folder, args } = await mediaFlow();
    const out = join(folder, 'results');
    const result = await pipewright([...args, '--out', out, '--no-cache'], {}, folder);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`photo: ${join(out, 'photo.png')}\ncaption: Hi\n`);
    expect(result.stderr).toContain(`Media saved in ${out}`);
    expect(await readFile(join(out, 'photo.png'))).toEqual(PNG);
  });

  it('without --out, copies media into a folder per run under the working folder and names it', async () => {
    const { folder, args } = await mediaFlow();
    const result = await pipewright([...args, '--json'], {}, folder);
    const end = JSON.parse(result.stdout.trim().split('\n').at(-1)!);

    const [runFolder] = await readdir(join(folder, 'pipewright-output'));
    const saved = join(folder, 'pipewright-output', runFolder!, 'photo.png');
    expect(runFolder).toBe(end.runId);
    expect(end).toMatchObject({ type: 'run.completed', files: { photo: saved } });
    expect(end.outputs.photo).toMatchObject({ mediaType: 'image/png', bytes: PNG.length });
    expect(await readFile(saved)).toEqual(PNG);
  });

  it('takes every node from the cache on a second identical run', async () => {
    const home = await mkdtemp(join(tmpdir(), 'pipewright-home-'));
    const args = ['run', SAMPLE, '--input', 'headline=Twice'];
    await pipewright(args, { PIPEWRIGHT_HOME: home });
    const second = await pipewright(args, { PIPEWRIGHT_HOME: home });

    expect(second.code).toBe(0);
    expect(second.stdout).toBe('verdict: Approved: Twice\nlength: 5\n');
    for (const node of ['headline', 'fits', 'length', 'approve'])
      expect(second.stderr).toContain(`↺ ${node} from cache`);
    // Only the Output node, which keeps nothing, runs again.
    expect(second.stderr.match(/^▶ \S+/gm)).toEqual(['▶ result']);
  });

  it('stops at a node and prints what that node made', async () => {
    const result = await pipewright(['run', SAMPLE, '--input', 'headline=Hi', '--stop-at', 'fits']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('yes: Hi\n');
    expect(result.stderr).toContain('– approve skipped: the run stops at "fits"');
  });

  it('fails with a message that names the missing input', async () => {
    const result = await pipewright(['run', SAMPLE]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('failed at node "headline": The input "headline" is required.');
  });

  it('says how to call it when the words are off', async () => {
    const result = await pipewright(['run', SAMPLE, '--input']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--input needs a value');
    expect(result.stderr).toContain('Usage: pipewright run FILE');
  });

  it('refuses a misspelt option and a concurrency that is not a count', async () => {
    const [misspelt, lots] = await Promise.all([
      pipewright(['run', SAMPLE, '--jsn']),
      pipewright(['run', SAMPLE, '--concurrency', 'lots']),
    ]);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toContain('there is no option --jsn');
    expect(lots.code).toBe(2);
    expect(lots.stderr).toContain('--concurrency must be a whole number');
  });
});

describe('pipewright validate', () => {
  it('accepts the samples', async () => {
    const result = await pipewright(['validate', SAMPLE]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('valid (Headline check 1.0.0, 6 nodes)');
  });

  it('lists every problem of a broken file and exits non-zero', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pipewright-validate-'));
    const file = join(folder, 'broken.json');
    const broken = {
      format: 1,
      id: 'broken',
      name: 'Broken',
      version: '1.0.0',
      nodes: [
        { id: 'a', type: 'text.template', position: { x: 0, y: 0 }, settings: { template: 1 } },
        { id: 'b', type: 'no.such', position: { x: 0, y: 0 }, settings: {} },
      ],
      edges: [{ from: ['a', 'text'], to: ['c', 'x'] }],
    };
    await writeFile(file, JSON.stringify(broken));
    const result = await pipewright(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('3 problems');
    expect(result.stderr).toContain(
      'nodes[0].settings.template: Node "a" (Template): setting "template"',
    );
    expect(result.stderr).toContain('nodes[1].type: Node "b" has the unknown type "no.such".');
    expect(result.stderr).toContain(
      'edges[0].to[0]: An edge ends at node "c", which does not exist.',
    );
    expect(result.stderr).not.toMatch(/at \w+ \(.*:\d+:\d+\)/);
  });
});
