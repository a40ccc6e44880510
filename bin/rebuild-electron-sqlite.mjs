#!/usr/bin/env node
// `npm run rebuild:electron`: builds better-sqlite3 for Electron's ABI into
// native/electron/better_sqlite3.node, leaving node_modules (Node's build, which the CLI and the
// tests use) untouched. It compiles a copy of the module in a scratch folder, so it needs a C++
// toolchain and network access for the Electron headers. It is not part of `npm test`.
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rebuild } from '@electron/rebuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(
  readFileSync(require.resolve('electron/package.json'), 'utf8'),
).version;
const source = dirname(require.resolve('better-sqlite3/package.json'));
const scratch = mkdtempSync(join(tmpdir(), 'pipewright-electron-sqlite-'));

try {
  const copy = join(scratch, 'node_modules', 'better-sqlite3');
  cpSync(source, copy, {
    recursive: true,
    filter: (path) => !path.includes(`${join('build', 'Release', 'obj')}`),
  });
  const version = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')).version;
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({
      name: 'scratch',
      version: '0.0.0',
      dependencies: { 'better-sqlite3': version },
    }),
  );

  process.stdout.write(`Building better-sqlite3 ${version} for Electron ${electronVersion}...\n`);
  await rebuild({
    buildPath: scratch,
    electronVersion,
    onlyModules: ['better-sqlite3'],
    force: true,
  });

  const target = join(root, 'native', 'electron');
  mkdirSync(target, { recursive: true });
  copyFileSync(
    join(copy, 'build', 'Release', 'better_sqlite3.node'),
    join(target, 'better_sqlite3.node'),
  );
  process.stdout.write(`Wrote ${join(target, 'better_sqlite3.node')}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
