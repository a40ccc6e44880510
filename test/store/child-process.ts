import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Starts a TypeScript file under test/store as its own Node process (no npx in between, so
 * that the pid is the process holding the database). */
export function startChild(script: string, args: string[]): ChildProcess & { output: string } {
  const child = spawn(process.execPath, ['--import', 'tsx', `test/store/${script}`, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: string };
  child.output = '';
  child.stdout!.on('data', (chunk) => (child.output += String(chunk)));
  child.stderr!.on('data', (chunk) => (child.output += String(chunk)));
  return child;
}

/** Resolves with the first stdout line that matches, or rejects if the child exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += String(chunk);
      const match = seen.match(pattern);
      if (!match) return;
      child.stdout!.off('data', onData);
      resolve(match);
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) =>
      reject(
        new Error(
          `child exited (${code}) before ${pattern}: ${(child as { output?: string }).output ?? seen}`,
        ),
      ),
    );
  });
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
