import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
let out: string;

// The desktop shell is launched on users' machines, not here; building it is what proves the
// main process, the sandboxed preload and the renderer still bundle from the sources.
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'pipewright-desktop-build-'));
  await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
      'build',
      '--config',
      join(ROOT, 'electron.config.ts'),
      '--outDir',
      out,
      '--logLevel',
      'error',
    ],
    { cwd: ROOT },
  );
}, 120_000);

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('the desktop build (electron-vite)', () => {
  it('bundles the main process with the studio API and leaves Electron and SQLite external', async () => {
    const main = await readFile(join(out, 'main', 'index.js'), 'utf8');
    expect(main).toContain('startStudioServer');
    expect(main).toMatch(/from "electron"|require\("electron"\)/);
    expect(main).toMatch(/from "better-sqlite3"|require\("better-sqlite3"\)/);
  });

  it('writes the preload as CommonJS, as a sandboxed preload must be', async () => {
    const preload = await readFile(join(out, 'preload', 'index.cjs'), 'utf8');
    expect(preload).toContain('require("electron")');
    expect(preload).not.toMatch(/^import /m);
    expect(preload).toContain('contextBridge');
  });

  it('builds the renderer page with its Content Security Policy', async () => {
    const page = await readFile(join(out, 'renderer', 'index.html'), 'utf8');
    expect(page).toContain('Content-Security-Policy');
    expect(page).toContain("script-src 'self'");
    expect(page).toMatch(/<script type="module" crossorigin src="\.\/assets\/index-[\w-]+\.js">/);
  });

  it("ships React's production build, though vitest runs the build with NODE_ENV=test", async () => {
    expect(process.env.NODE_ENV).toBe('test');
    const page = await readFile(join(out, 'renderer', 'index.html'), 'utf8');
    const script = /src="\.\/(assets\/index-[\w-]+\.js)"/.exec(page)![1]!;
    const bundle = await readFile(join(out, 'renderer', script), 'utf8');
    expect(bundle.includes('react-devtools'), 'React development build in the bundle').toBe(false);
    expect(bundle.includes('jsxDEV'), 'JSX compiled for development').toBe(false);
  });
});
