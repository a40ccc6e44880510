import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main as credentials } from '../../cli/credentials-command.ts';
import { main as runs } from '../../cli/runs-command.ts';
import { openStore, startRecordedRun } from '../../main/store/index.ts';
import { pipewright } from '../harness/cli.ts';
import { exitOf } from './child-process.ts';
import { chainDocument, compile } from './store-harness.ts';
import { capture, useTempHome } from './cli-capture.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let home: string;
useTempHome((made) => (home = made));

async function recordRun(topic: string) {
  const store = openStore({ home });
  const run = startRecordedRun(store, {
    workflow: compile(chainDocument()),
    inputs: { topic },
    origin: 'cli',
  });
  await run.done;
  store.close();
  return run.id;
}

describe('pipewright runs', () => {
  it('lists runs with id, status, time and cost, newest first', async () => {
    const older = await recordRun('one');
    const newer = await recordRun('two');

    const { code, stdout } = await capture(runs, []);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^RUN\s+STATUS\s+STARTED\s+TIME\s+COST\s+WORKFLOW$/);
    expect(lines[1]).toMatch(
      new RegExp(`^${newer}\\s+completed\\s+\\d{4}-\\d\\d-\\d\\d .*\\$0\\.5000\\s+chain$`),
    );
    expect(lines[2]).toContain(older);

    const json = await capture(runs, ['--json']);
    expect(JSON.parse(json.stdout).map((run: { id: string }) => run.id)).toEqual([newer, older]);
  });

  it('shows one run node by node with the file that holds each artifact', async () => {
    const id = await recordRun('shown');
    const store = openStore({ home });
    const file = store.runs.nodeResult(id, 'save').outputs!.file as { sha256: string };
    const path = store.artifacts.pathOf(file);
    store.close();

    const { code, stdout } = await capture(runs, ['show', id.slice(0, 10), '--logs']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Run ${id}: completed`);
    expect(stdout).toMatch(/\nb\s+test\.append\s+completed\s+1\s+\d+ ms\s+\$0\.2500/);
    expect(stdout).toMatch(new RegExp(`save\\.file\\s+text/plain\\s+9 B\\s+${path}`));
    expect(stdout).toMatch(/info\s+a: appending/);

    const json = JSON.parse((await capture(runs, ['show', id, '--json'])).stdout);
    expect(json.artifacts).toEqual([
      { nodeId: 'save', port: 'file', mediaType: 'text/plain', bytes: 9, path, present: true },
    ]);
    expect(json.nodes).toHaveLength(5);
  });

  it('finds the runs that pipewright run made, node by node', async () => {
    const made = await pipewright(
      ['run', 'workflows/headline-check.json', '--input', 'headline=Ten tips for faster renders'],
      { PIPEWRIGHT_HOME: home },
    );
    expect(made.code, made.stderr).toBe(0);
    const runId = made.stderr.match(/Run (run_\w+) completed/)![1]!;

    const listed = JSON.parse((await capture(runs, ['--json'])).stdout);
    expect(listed).toMatchObject([
      { id: runId, status: 'completed', origin: 'cli', workflowId: 'headline-check' },
    ]);
    const shown = JSON.parse((await capture(runs, ['show', runId, '--json'])).stdout);
    expect(shown.inputs).toEqual({ headline: 'Ten tips for faster renders' });
    expect(shown.outputs).toEqual({ verdict: 'Approved: Ten tips for faster renders', length: 27 });
    const statuses = Object.fromEntries(
      shown.nodes.map((node: { nodeId: string; status: string }) => [node.nodeId, node.status]),
    );
    expect(statuses).toMatchObject({ headline: 'completed', fits: 'completed' });
    expect(statuses.shorten).toBe('skipped');
  }, 120_000);

  it('shows the log lines of one node, or from a level up', async () => {
    const document = chainDocument();
    document.nodes[2] = { ...document.nodes[2]!, type: 'test.slow', settings: { ms: 1 } };
    const store = openStore({ home });
    const run = startRecordedRun(store, {
      workflow: compile(document),
      inputs: { topic: 'logs' },
      origin: 'cli',
    });
    await run.done;
    store.close();

    const all = await capture(runs, ['show', run.id, '--logs']);
    expect(all.stdout).toMatch(/info\s+a: appending/);
    expect(all.stdout).toMatch(/warn\s+b: starting a long wait \{"ms":1\}/);
    const ofA = await capture(runs, ['show', run.id, '--node', 'a']);
    expect(ofA.stdout).toMatch(/info\s+a: appending/);
    expect(ofA.stdout).not.toContain('starting a long wait');
    const warnings = await capture(runs, ['show', run.id, '--level', 'warn', '--json']);
    expect(JSON.parse(warnings.stdout).logs).toEqual([
      expect.objectContaining({ nodeId: 'b', level: 'warn', message: 'starting a long wait' }),
    ]);
    await expect(runs(['show', run.id, '--level', 'loud'])).rejects.toThrow(
      '--level is one of debug, info, warn, error, not "loud".',
    );
  });

  it('names the run id it cannot find', async () => {
    const { code, stderr } = await capture(runs, ['show', 'run_unknown']);
    expect(code).toBe(1);
    expect(stderr).toContain('No run "run_unknown" is recorded.');
  });
});

describe('pipewright credentials', () => {
  it('saves a secret read from stdin and never prints it back', async () => {
    const secret = 'sk-from-stdin-0123456789';
    const child = spawn(
      process.execPath,
      [
        'bin/pipewright.mjs',
        'credentials',
        'set',
        'openai-main',
        '--base-url',
        'http://127.0.0.1:9/v1',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, PIPEWRIGHT_HOME: home },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.stdin.end(`${secret}\n`);
    expect(await exitOf(child), output).toBe(0);
    expect(output).toContain('Saved credential "openai-main".');
    expect(output).not.toContain(secret);

    const store = openStore({ home });
    expect(await store.credentials.resolver()('openai-main')).toEqual({
      secret,
      baseUrl: 'http://127.0.0.1:9/v1',
    });
    store.close();

    const listed = await capture(credentials, ['list']);
    expect(listed.stdout).toMatch(/^openai-main\s+saved .*http:\/\/127\.0\.0\.1:9\/v1\n$/);
    expect(listed.stdout).not.toContain(secret);

    expect((await capture(credentials, ['delete', 'openai-main'])).code).toBe(0);
    const missing = await capture(credentials, ['delete', 'openai-main']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no credential "openai-main" is saved');
  }, 120_000);
});
