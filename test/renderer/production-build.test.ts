import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
let out: string;

// The test harness builds the page that `pipewright studio` serves from inside vitest, where
// NODE_ENV is "test"; the studio and its benchmark must still get React's production build.
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'pipewright-renderer-build-'));
  await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(ROOT, 'renderer', 'vite.config.ts'),
      '--outDir',
      out,
      '--logLevel',
      'error',
    ],
    { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test' } },
  );
}, 120_000);

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('the studio page build (vite)', () => {
  it("ships React's production build whatever NODE_ENV the caller has", async () => {
    const scripts = (await readdir(join(out, 'assets'))).filter((name) =>
      /^index-[\w-]+\.js$/.test(name),
    );
    expect(scripts).toHaveLength(1);
    const bundle = await readFile(join(out, 'assets', scripts[0]!), 'utf8');
    expect(bundle.includes('react-devtools'), 'React development build in the bundle').toBe(false);
    expect(bundle.includes('jsxDEV'), 'JSX compiled for development').toBe(false);
    expect(bundle.includes('react-flow')).toBe(true);
  });
});
