import { PipewrightError } from '../engine/index.ts';
import { openStore } from '../main/store/index.ts';
import type { Store } from '../main/store/index.ts';

/**
 * Opens the data folder's store for one command, closes it however the command ends, and turns
 * a Pipewright error (a damaged store, an unknown id) into one line on stderr and exit code 1.
 * Anything else, a usage error included, goes on to `cli/main.ts`.
 */
export async function withStore(
  command: string,
  work: (store: Store) => number | Promise<number>,
): Promise<number> {
  let store: Store;
  try {
    store = openStore({ env: process.env });
  } catch (error) {
    return fail(command, error);
  }
  try {
    return await work(store);
  } catch (error) {
    return fail(command, error);
  } finally {
    store.close();
  }
}

function fail(command: string, error: unknown): number {
  if (!(error instanceof PipewrightError)) throw error;
  process.stderr.write(`pipewright ${command}: ${error.message}\n`);
  return 1;
}
