import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRendererIfStale } from './browser.ts';

/**
 * Builds the renderer once before any test file starts. Browser test files run in parallel
 * workers, and each studio they start would otherwise rebuild a stale out/renderer at the same
 * time as the others, emptying the folder under a page that is loading from it.
 *
 * Then gives the run a temporary folder of its own (TMPDIR, which the workers inherit).
 */
export default async function setup(): Promise<() => Promise<void>> {
  await buildRendererIfStale();
  // Every folder the tests, the studios and the browsers they start make in the temporary
  // folder goes into one of this run's, removed at the end, whatever a test forgot.
  const scratch = await mkdtemp(join(tmpdir(), 'pipewright-tests-'));
  process.env.TMPDIR = scratch;
  return async () => {
    await rm(scratch, { recursive: true, force: true });
  };
}
