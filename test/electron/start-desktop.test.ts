import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
// A copy of the launcher in a folder with no node_modules stands for an install made without
// the Electron binary, whatever this checkout holds; nothing is built or launched.
const scratch = mkdtempSync(join(tmpdir(), 'pipewright-start-'));
mkdirSync(join(scratch, 'bin'));
copyFileSync(join(ROOT, 'bin', 'start-desktop.mjs'), join(scratch, 'bin', 'start-desktop.mjs'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm start without the Electron binary', () => {
  it('says so in one paragraph and points to npm run studio, then exits with 1', () => {
    const result = spawnSync(process.execPath, [join(scratch, 'bin', 'start-desktop.mjs')], {
      encoding: 'utf8',
    });

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const paragraph = result.stderr.trim();
    expect(paragraph).not.toMatch(/\n\s*\n/);
    expect(paragraph).toContain('Electron binary is not installed');
    expect(paragraph).toContain('"npm run studio"');
    expect(paragraph).toContain(join(scratch, 'node_modules', 'electron', 'dist'));
  });
});
