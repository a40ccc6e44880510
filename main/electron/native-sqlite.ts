import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * better-sqlite3 is a native module, and Electron runs a different ABI than Node. The repository
 * keeps Node's build in node_modules (the CLI and tests use it) and an Electron build beside it,
 * at native/electron/better_sqlite3.node, made by `npm run rebuild:electron`.
 *
 * The store opens its database without better-sqlite3's `nativeBinding` option, so the Electron
 * build is loaded here first and registered in the module cache under the path better-sqlite3's
 * loader asks for; its own lookup then finds this build. When the store takes a `nativeBinding`
 * option this reduces to passing the path.
 *
 * Answers an error message when the Electron build is missing, undefined when it is in place.
 */
export function useElectronSqliteBuild(electronBuild: string): string | undefined {
  if (!existsSync(electronBuild)) {
    return `The Electron build of better-sqlite3 is missing (${electronBuild}). Run "npm run rebuild:electron" once, then start the app again.`;
  }

  const require = createRequire(import.meta.url);
  const packageRoot = dirname(require.resolve('better-sqlite3/package.json'));
  const nodeBuild = join(packageRoot, 'build', 'Release', 'better_sqlite3.node');
  require(electronBuild);
  require.cache[nodeBuild] = require.cache[electronBuild];
  return undefined;
}
