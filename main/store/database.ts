import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { operationalError, PipewrightError } from '../../engine/index.ts';
import { MIGRATIONS } from './migrations.ts';
import type { Migration } from './migrations.ts';

/** Written into every Pipewright database header ("PwWf"), so that a foreign file is told apart. */
export const APPLICATION_ID = 0x50775766;
export const SCHEMA_VERSION = MIGRATIONS.length;

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/** How long a writer waits for another process's write to finish before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens the store's database, creating it when absent and migrating it when older. A file that
 * is not a Pipewright database (another program's, or damaged) is refused with a clear error and
 * left exactly as it was: nothing is written to it before it has been recognised. `migrations`
 * is the schema's history; only tests pass another, to play a later release's step.
 */
export function openDatabase(
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Database {
  mkdirSync(dirname(file), { recursive: true });
  checkHeader(file);

  let db: Database;
  try {
    db = new Sqlite(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw openFailure(file, error);
  }
  try {
    whileBusy(() => {
      checkIdentity(db, file, migrations.length);
      useWal(db, file);
    });
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    whileBusy(() => migrate(db, migrations));
    return db;
  } catch (error) {
    db.close();
    throw openFailure(file, error);
  }
}

/**
 * SQLite answers SQLITE_BUSY at once, without waiting out the busy timeout, when two
 * connections open a new file together and one switches it to WAL while the other reads (its
 * deadlock guard). Opening is safe to repeat, so it is tried again until the timeout passes.
 */
function whileBusy(step: () => void) {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      return step();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(PAUSE, 0, 0, 5 + Math.random() * 20);
    }
  }
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Whole-file check, as `PRAGMA integrity_check` reports it; `['ok']` for a sound database. */
export function integrityProblems(db: Database): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((row) => row.integrity_check);
}

function checkHeader(file: string) {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return;
  }
  if (size === 0) return;

  const header = Buffer.alloc(SQLITE_MAGIC.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!header.equals(SQLITE_MAGIC)) {
    throw operationalError(
      'STORE_NOT_A_DATABASE',
      `${file} is not a Pipewright database (it is not an SQLite file at all). It was left untouched; move it aside or set PIPEWRIGHT_HOME to another folder.`,
      { path: file },
    );
  }
}

/** Reads only: a brand-new file has no id, no version and no tables yet. */
function checkIdentity(db: Database, file: string, known: number) {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const objects = db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number };
  const isNew = applicationId === 0 && version === 0 && objects.n === 0;
  if (isNew || applicationId === APPLICATION_ID) {
    if (version > known) {
      throw operationalError(
        'STORE_TOO_NEW',
        `${file} was written by a newer Pipewright (schema ${version}; this one knows up to ${known}). Update Pipewright to open it; the file was left untouched.`,
        { path: file },
      );
    }
    return;
  }
  throw operationalError(
    'STORE_FOREIGN_DATABASE',
    `${file} is an SQLite database of another program (application id ${applicationId}), not Pipewright's. It was left untouched; move it aside or set PIPEWRIGHT_HOME to another folder.`,
    { path: file },
  );
}

function useWal(db: Database, file: string) {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode === 'wal') return;
  throw operationalError(
    'STORE_NO_WAL',
    `Could not switch ${file} to write-ahead logging (the file system answered "${String(mode)}"). Keep the data folder on a local disk.`,
    { path: file },
  );
}

/**
 * All steps run in one write transaction, so a step that fails leaves the file at the version it
 * had. Each process re-reads the version inside that transaction, so two that open at once
 * migrate once.
 */
function migrate(db: Database, migrations: readonly Migration[]) {
  const target = migrations.length;
  const apply = db.transaction(() => {
    const from = db.pragma('user_version', { simple: true }) as number;
    for (let step = from; step < target; step++) migrations[step]!(db);
    if (from < target) {
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${target}`);
    }
  });
  if ((db.pragma('user_version', { simple: true }) as number) < target) apply.immediate();
}

/** What a failure while opening the store tells the user: damaged, held by another, or else. */
export function openFailure(file: string, error: unknown): PipewrightError {
  if (error instanceof PipewrightError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return operationalError(
      'STORE_CORRUPT',
      `${file} is damaged and cannot be read as a Pipewright database (${String(code)}). It was left untouched; move it aside to start a fresh store, or restore it from a backup.`,
      { path: file },
      error,
    );
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return operationalError(
      'STORE_BUSY',
      `${file} is held by another process for longer than ${BUSY_TIMEOUT_MS / 1000} s. Close other Pipewright windows or commands and try again.`,
      { path: file },
      error,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return operationalError(
    'STORE_UNREADABLE',
    `Cannot open ${file}: ${message}`,
    { path: file },
    error,
  );
}
