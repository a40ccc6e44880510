#!/usr/bin/env node
// `npm run bench [-- NAME...]`: runs bench/<name>/main.ts one after another, each in its own
// process so that one benchmark's heap and JIT state do not colour the next.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../bench/', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const names = readdirSync(root).filter(
  (name) =>
    existsSync(join(root, name, 'main.ts')) && (wanted.length === 0 || wanted.includes(name)),
);

let failed = 0;
for (const name of names) {
  process.stdout.write(`\n== bench/${name} ==\n`);
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(root, name, 'main.ts')],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed > 0 ? 1 : 0;
