import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pipewright } from '../harness/cli.ts';
import { fixture } from './service-harness.ts';

/** `pipewright export` and `pipewright serve` through the real executable, as a shell runs them. */

let folder: string;
let home: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pipewright-export-cli-'));
  home = join(folder, 'home');
});

/** The greeting fixture at `version`, its `style` enum narrowed to `plain` when `narrow`. */
async function greeting(version: string, narrow = false): Promise<string> {
  const document = await fixture('greeting');
  document.version = version;
  if (narrow) {
    const input = (document.nodes as Array<{ settings: { fields: Array<{ name: string }> } }>)[0]!;
    const style = input.settings.fields.find((field) => field.name === 'style')!;
    Object.assign(style, { enum: ['plain'] });
  }
  const file = join(folder, `greeting-${version}${narrow ? '-narrow' : ''}.json`);
  await writeFile(file, JSON.stringify(document, null, 2));
  return file;
}

describe('pipewright export', () => {
  it('refuses a breaking change without a major version, listing it, until --allow-breaking', async () => {
    const env = { PIPEWRIGHT_HOME: home };
    const first = await pipewright(
      ['export', await greeting('1.0.0'), '--out', join(folder, 'v1')],
      env,
    );
    const narrowed = await greeting('1.1.0', true);
    const refused = await pipewright(['export', narrowed, '--out', join(folder, 'v1-1')], env);
    const afterRefusal = await readdir(join(home, 'contracts', 'greeting'));
    const forced = await pipewright(
      ['export', narrowed, '--out', join(folder, 'v1-1'), '--allow-breaking'],
      env,
    );

    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('first export of this workflow');
    expect(first.stdout).toContain('npm dependencies: none');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('a major version: 2.0.0, not 1.1.0');
    expect(refused.stderr).toContain(
      '[BREAKING] RunRequest.style: The request field "style" no longer allows "loud".',
    );
    expect(refused.stderr).toContain(`Set "version": "2.0.0" in ${narrowed}`);
    expect(afterRefusal).toEqual(['1.0.0.json']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('exported anyway (--allow-breaking)');
    expect(await readdir(join(home, 'contracts', 'greeting'))).toEqual([
      '1.0.0.json',
      '1.1.0.json',
    ]);
    const recorded = await readFile(join(home, 'contracts', 'greeting', '1.1.0.json'), 'utf8');
    expect(recorded).toBe(await readFile(join(folder, 'v1-1', 'openapi.json'), 'utf8'));
  }, 120_000);

  it('names every problem of a workflow that cannot be exported, and writes nothing', async () => {
    const document = await fixture('greeting');
    (document.nodes as Array<{ type: string }>)[1]!.type = 'no.such.kind';
    const file = join(folder, 'broken.json');
    await writeFile(file, JSON.stringify(document));

    const result = await pipewright(['export', file, '--out', join(folder, 'broken-out')], {
      PIPEWRIGHT_HOME: home,
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no.such.kind');
    await expect(readdir(join(folder, 'broken-out'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('pipewright serve', () => {
  it('serves the workflow’s contract and runs on loopback, and drains on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['bin/pipewright.mjs', 'serve', join('test', 'service', 'fixtures', 'greeting.json')],
      {
        env: { ...process.env, PIPEWRIGHT_HOME: home, PORT: '0', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = once(child, 'exit');
    const deadline = Date.now() + 30_000;
    while (!/Serving .* at (http:\S+)/.test(stderr)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(stderr);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const base = /Serving .* at (http:\S+)/.exec(stderr)![1]!;

    const contract = await (await fetch(`${base}/openapi.json`)).json();
    const run = await fetch(`${base}/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada' }),
    });
    const outputs = await run.json();
    child.kill('SIGTERM');
    const [code] = await exited;

    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(contract.info).toMatchObject({ title: 'Greeting', version: '1.0.0' });
    expect(run.status).toBe(200);
    expect(outputs).toEqual({ greeting: 'Hello, Ada! (plain x1)' });
    expect(stderr).toContain(`artifacts in ${home}`);
    expect(code).toBe(0);
  }, 60_000);
});
