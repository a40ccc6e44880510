import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useElectronSqliteBuild } from '../../main/electron/native-sqlite.ts';

const require = createRequire(import.meta.url);
const packageRoot = dirname(require.resolve('better-sqlite3/package.json'));
const nodeBuild = join(packageRoot, 'build', 'Release', 'better_sqlite3.node');
const scratch = mkdtempSync(join(tmpdir(), 'pipewright-native-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('loading the Electron build of better-sqlite3', () => {
  it('says what to run when the Electron build is missing', () => {
    const message = useElectronSqliteBuild(join(scratch, 'missing.node'));
    expect(message).toContain('npm run rebuild:electron');
    expect(message).toContain(join(scratch, 'missing.node'));
  });

  // Node's own build stands in for Electron's: what matters is which file better-sqlite3 loads.
  it('makes better-sqlite3 load the given build instead of the one in node_modules', () => {
    const stand = join(scratch, 'electron', 'better_sqlite3.node');
    mkdirSync(dirname(stand), { recursive: true });
    copyFileSync(nodeBuild, stand);

    expect(useElectronSqliteBuild(stand)).toBeUndefined();
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    const db = new Database(':memory:');
    expect(db.prepare('SELECT 1 + 1 AS two').get()).toEqual({ two: 2 });
    db.close();
    // Had better-sqlite3 loaded an addon by another path, the cache would hold a second module.
    const loaded = Object.entries(require.cache).filter(([key]) => key.endsWith('.node'));
    expect(loaded.map(([, module]) => module?.filename)).toEqual([stand, stand]);
    expect(loaded.map(([key]) => key).sort()).toEqual([nodeBuild, stand].sort());
  });
});
