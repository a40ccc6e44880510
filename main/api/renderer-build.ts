import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export type RendererStatus = { ready: true; rebuilt: boolean } | { ready: false; reason: string };

/**
 * Makes sure out/renderer holds a build of the current renderer sources: when it is missing or
 * older than any file under renderer/, it is built with Vite (a few seconds) using the renderer's
 * own vite.config.ts. A copy without the sources (a packaged app) serves what it has.
 */
export async function ensureRendererBuilt(
  root: string,
  notify: (message: string) => void = () => undefined,
): Promise<RendererStatus> {
  const sources = join(root, 'renderer');
  const config = join(sources, 'vite.config.ts');
  const page = join(root, 'out', 'renderer', 'index.html');
  const built = await stat(page).catch(() => undefined);

  if (!existsSync(config)) {
    if (built) return { ready: true, rebuilt: false };
    return {
      ready: false,
      reason: `The studio page is not built (${page} is missing) and there are no renderer sources to build it from.`,
    };
  }
  if (built && (await newestChange(sources)) <= built.mtimeMs)
    return { ready: true, rebuilt: false };

  notify(
    built
      ? 'The studio page is older than its sources; rebuilding it...'
      : 'Building the studio page...',
  );
  const { build } = await import('vite');
  await build({ configFile: config, logLevel: 'warn', mode: 'production' });
  return { ready: true, rebuilt: true };
}

async function newestChange(folder: string): Promise<number> {
  let newest = 0;
  const entries = await readdir(folder, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    const time = entry.isDirectory() ? await newestChange(path) : (await stat(path)).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}
