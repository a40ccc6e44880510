import { buildRendererIfStale } from './browser.ts';

/**
 * Builds the renderer once before any test file starts. Browser test files run in parallel
 * workers, and each studio they start would otherwise rebuild a stale out/renderer at the same
 * time as the others, emptying the folder under a page that is loading from it.
 */
export default async function setup(): Promise<void> {
  await buildRendererIfStale();
}
