import type { Database } from 'better-sqlite3';

/** One step of the schema, run inside the transaction that opens the store. */
export type Migration = (db: Database) => void;

/**
 * The store's schema, one step per version. A step is never edited once released: a change is a
 * new step, so that a database made by any earlier Pipewright opens and is brought up to date.
 * `user_version` holds the number of steps applied.
 */
export const MIGRATIONS: readonly Migration[] = [
  (db) =>
    db.exec(`
      CREATE TABLE documents (
        sha256 TEXT PRIMARY KEY,
        body TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE workflows (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        head_version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE workflow_versions (
        workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        document_sha256 TEXT NOT NULL REFERENCES documents(sha256),
        message TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (workflow_id, version)
      ) WITHOUT ROWID;

      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        workflow_id TEXT NOT NULL,
        workflow_name TEXT NOT NULL,
        workflow_version INTEGER,
        document_sha256 TEXT NOT NULL REFERENCES documents(sha256),
        origin TEXT NOT NULL,
        parent_run_id TEXT,
        status TEXT NOT NULL,
        inputs TEXT NOT NULL,
        trigger_payload TEXT,
        outputs TEXT,
        error TEXT,
        cost_usd REAL NOT NULL DEFAULT 0,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        duration_ms REAL,
        owner_pid INTEGER NOT NULL,
        owner_host TEXT NOT NULL,
        owner_token TEXT NOT NULL
      );
      CREATE INDEX runs_by_start ON runs (started_at DESC, id DESC);
      CREATE INDEX runs_by_workflow ON runs (workflow_id, started_at DESC);
      CREATE INDEX runs_unfinished ON runs (status) WHERE status = 'running';

      CREATE TABLE node_results (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        node_id TEXT NOT NULL,
        node_type TEXT,
        status TEXT NOT NULL,
        source TEXT,
        inputs TEXT,
        outputs TEXT,
        error TEXT,
        reason TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        started_at INTEGER,
        ended_at INTEGER,
        duration_ms REAL,
        cache_key TEXT,
        PRIMARY KEY (run_id, node_id)
      ) WITHOUT ROWID;

      CREATE TABLE run_logs (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        node_id TEXT,
        level TEXT NOT NULL,
        message TEXT NOT NULL,
        data TEXT,
        at INTEGER NOT NULL,
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;

      CREATE TABLE cache_entries (
        key TEXT PRIMARY KEY,
        node_type TEXT NOT NULL,
        outputs TEXT NOT NULL,
        cost_usd REAL NOT NULL,
        duration_ms REAL NOT NULL,
        created_at INTEGER NOT NULL,
        last_hit_at INTEGER,
        hits INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;

      CREATE TABLE credentials (
        name TEXT PRIMARY KEY,
        base_url TEXT,
        key_check TEXT NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        tag BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `),
];
