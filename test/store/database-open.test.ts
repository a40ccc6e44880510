import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { PipewrightError } from '../../engine/index.ts';
import {
  APPLICATION_ID,
  DATABASE_FILE,
  openDatabase,
  openStore,
  SCHEMA_VERSION,
} from '../../main/store/index.ts';
import { MIGRATIONS } from '../../main/store/migrations.ts';
import { tempHome } from './store-harness.ts';

let cleanup = () => {};
afterEach(() => cleanup());

function freshHome() {
  const made = tempHome();
  cleanup = made.cleanup;
  return { home: made.home, file: join(made.home, DATABASE_FILE) };
}

function openError(home: string): PipewrightError {
  try {
    openStore({ home }).close();
  } catch (error) {
    if (error instanceof PipewrightError) return error;
    throw error;
  }
  throw new Error('the store opened');
}

describe('opening the store', () => {
  it('creates a WAL database stamped with our application id and schema version', () => {
    const { home, file } = freshHome();
    openStore({ home }).close();

    const db = new Sqlite(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('reopens an existing store without migrating it again and keeps its data', () => {
    const { home } = freshHome();
    const first = openStore({ home });
    first.cache.set(
      'k',
      { outputs: { text: 'kept' }, costUsd: 1, durationMs: 2 },
      { nodeType: 't' },
    );
    first.close();

    const second = openStore({ home });
    expect(second.cache.get('k')?.outputs).toEqual({ text: 'kept' });
    second.close();
  });

  it('refuses a file that is not SQLite and leaves it byte-identical', () => {
    const { home, file } = freshHome();
    const bytes = Buffer.from('{"these": "are my notes, not a database"}\n');
    writeFileSync(file, bytes);

    const error = openError(home);
    expect(error.code).toBe('STORE_NOT_A_DATABASE');
    expect(error.message).toContain(file);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it("refuses another program's SQLite database and leaves it byte-identical", () => {
    const { home, file } = freshHome();
    const foreign = new Sqlite(file);
    foreign.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada');");
    foreign.close();
    const bytes = readFileSync(file);

    const error = openError(home);
    expect(error.code).toBe('STORE_FOREIGN_DATABASE');
    expect(error.message).toMatch(/another program/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a damaged Pipewright database and leaves it byte-identical', () => {
    const { home, file } = freshHome();
    const store = openStore({ home });
    for (let index = 0; index < 200; index++) {
      store.cache.set(
        `key-${index}`,
        { outputs: { text: 'x'.repeat(500) }, costUsd: 0, durationMs: 0 },
        { nodeType: 't' },
      );
    }
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const damaged = readFileSync(file);
    // Keep the 100-byte file header (ours), scramble the schema on page 1 and the pages after.
    randomBytes(8000).copy(damaged, 100);
    writeFileSync(file, damaged);

    const error = openError(home);
    expect(error.code).toBe('STORE_CORRUPT');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/left untouched/);
    expect(readFileSync(file).equals(damaged)).toBe(true);
  });

  it("brings an older store up to this release's schema at open, keeping its data", () => {
    const { home, file } = freshHome();
    const older = openStore({ home });
    older.cache.set(
      'k',
      { outputs: { text: 'kept' }, costUsd: 0, durationMs: 0 },
      { nodeType: 't' },
    );
    older.close();
    const next = [
      ...MIGRATIONS,
      (db: Sqlite.Database) => db.exec('ALTER TABLE runs ADD COLUMN note TEXT'),
    ];

    const db = openDatabase(file, next);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    const columns = db.pragma('table_info(runs)') as { name: string }[];
    expect(columns.map((column) => column.name)).toContain('note');
    expect(db.prepare('SELECT outputs FROM cache_entries WHERE key = ?').get('k')).toEqual({
      outputs: '{"text":"kept"}',
    });
    db.close();

    const again = openDatabase(file, next);
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    again.close();
  });

  it('leaves the store at its old version when a migration step fails', () => {
    const { home, file } = freshHome();
    openStore({ home }).close();
    const broken = [
      ...MIGRATIONS,
      (db: Sqlite.Database) => db.exec('CREATE TABLE added (x); SELECT * FROM no_such_table'),
    ];

    expect(() => openDatabase(file, broken)).toThrow(PipewrightError);
    const store = openStore({ home });
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE name = 'added'").all();
    expect(tables).toEqual([]);
    store.close();
  });

  it('refuses a database written by a newer schema', () => {
    const { home, file } = freshHome();
    openStore({ home }).close();
    const db = new Sqlite(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const bytes = readFileSync(file);

    const error = openError(home);
    expect(error.code).toBe('STORE_TOO_NEW');
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});
