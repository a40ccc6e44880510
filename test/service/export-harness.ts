import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { builtinRegistry } from '../../nodes/index.ts';
import { exportService } from '../../service/export/export-service.ts';
import type { ExportReport } from '../../service/export/export-service.ts';

const run = promisify(execFile);

export interface Workspace {
  root: string;
  home: string;
  exportTo(
    file: string,
    options?: { allowBreaking?: boolean; out?: string },
  ): Promise<ExportReport>;
  /** Writes a workflow file into the workspace and answers its path. */
  writeWorkflow(name: string, document: unknown): Promise<string>;
  remove(): Promise<void>;
}

export async function workspace(): Promise<Workspace> {
  const root = await mkdtemp(join(tmpdir(), 'pw-export-'));
  const home = join(root, 'home');
  return {
    root,
    home,
    exportTo: (file, options = {}) =>
      exportService({
        file,
        outDir: options.out ?? join(root, 'out'),
        home,
        registry: builtinRegistry(),
        allowBreaking: options.allowBreaking,
      }),
    async writeWorkflow(name, document) {
      const file = join(root, `${name}.json`);
      await writeFile(file, JSON.stringify(document, null, 2));
      return file;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/**
 * `npm install` as a user would run it, preferring npm's cache: the export's lock pins the
 * versions and integrity hashes of the repository's own install, so a machine that has run
 * `npm ci` here installs an export without the network.
 */
export async function npmInstall(folder: string): Promise<void> {
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: folder,
    timeout: 300_000,
  });
}

export async function npmTest(
  folder: string,
  env: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['test'], { cwd: folder, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

export interface RunningExport {
  base: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

/** Starts an export's server.mjs as its own process and waits for /health. */
export async function startExport(
  folder: string,
  env: Record<string, string> = {},
): Promise<RunningExport> {
  const port = await freePort();
  const child = spawn(process.execPath, ['server.mjs'], {
    cwd: folder,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ...env },
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 20_000;
  while (true) {
    if (child.exitCode !== null) throw new Error(`server.mjs exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`server.mjs did not start: ${output}`);
    const up = await fetch(`${base}/health`).then(
      (answer) => answer.ok,
      () => false,
    );
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    base,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function readJson(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(file, 'utf8'));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
