import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `pipewright` CLI as a user would, in a fresh data folder unless one is given. */
export async function pipewright(
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const home = env.PIPEWRIGHT_HOME ?? (await mkdtemp(join(tmpdir(), 'pipewright-home-')));
  const child = spawn(process.execPath, ['bin/pipewright.mjs', ...args], {
    env: { ...process.env, PIPEWRIGHT_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}
