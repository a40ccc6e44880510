import { afterEach, beforeEach, vi } from 'vitest';
import { tempHome } from './store-harness.ts';

/**
 * Gives every test of the calling file a fresh data folder in `PIPEWRIGHT_HOME`, where the
 * commands look for it, and hands its path to `onEach`; the folder and the variable are put back
 * after each test.
 */
export function useTempHome(onEach: (home: string) => void): void {
  const previous = process.env.PIPEWRIGHT_HOME;
  let cleanup = () => {};

  beforeEach(() => {
    const made = tempHome();
    cleanup = made.cleanup;
    process.env.PIPEWRIGHT_HOME = made.home;
    onEach(made.home);
  });

  afterEach(() => {
    if (previous === undefined) delete process.env.PIPEWRIGHT_HOME;
    else process.env.PIPEWRIGHT_HOME = previous;
    vi.restoreAllMocks();
    cleanup();
  });
}

/** Runs a command's `main` in this process; answers its exit code and what it printed. */
export async function capture(command: (args: string[]) => Promise<number>, args: string[]) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += chunk), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += chunk), true));
  try {
    const code = await command(args);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}
