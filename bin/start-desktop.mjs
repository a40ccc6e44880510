#!/usr/bin/env node
// `npm start`: builds the desktop app with electron-vite, then launches Electron on it. Where
// the Electron binary or its build of better-sqlite3 is missing, it says what to do instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

const electron = electronBinary();
if (!electron) {
  process.stderr.write(
    [
      'Pipewright cannot open its desktop window here: the Electron binary is not installed',
      `(${join(root, 'node_modules', 'electron', 'dist')} is missing; this happens when`,
      'dependencies were installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or without network access).',
      'Run "npm run studio" instead: it starts the same studio and prints one address to open in',
      'your browser. To get the desktop app, fetch the binary with network access',
      '("node node_modules/electron/install.js"), then run "npm start" again.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const sqlite = join(root, 'native', 'electron', 'better_sqlite3.node');
if (!existsSync(sqlite)) {
  process.stderr.write(
    [
      `The Electron build of better-sqlite3 is missing (${sqlite}). Electron needs its own build`,
      'of this native module, kept apart from the one Node uses. Run "npm run rebuild:electron"',
      'once (it needs network access for the Electron headers), then "npm start" again.',
      'Meanwhile "npm run studio" opens the same studio in your browser.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const built = await run(process.execPath, [
  join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
  'build',
  '--config',
  join(root, 'electron.config.ts'),
]);
if (built !== 0) process.exit(built);
process.exit(await run(electron, [root]));

/** The Electron executable when it is installed, else undefined. */
function electronBinary() {
  const folder = join(root, 'node_modules', 'electron');
  const pathFile = join(folder, 'path.txt');
  if (!existsSync(join(folder, 'dist')) || !existsSync(pathFile)) return undefined;
  const binary = join(folder, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('error', (error) => {
      process.stderr.write(`Could not start ${command}: ${error.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
