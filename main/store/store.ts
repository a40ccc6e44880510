import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { FolderArtifactStore } from '../../engine/index.ts';
import { artifactFolder, dataFolder } from '../data-folder.ts';
import { CredentialVault } from './credential-vault.ts';
import { openDatabase, openFailure } from './database.ts';
import { markInterruptedRuns } from './interrupted-runs.ts';
import { keySourceFor } from './key-source.ts';
import type { KeySource } from './key-source.ts';
import { RunHistory } from './run-history.ts';
import { prepareRecorderStatements } from './recorder-statements.ts';
import type { RecorderStatements } from './recorder-statements.ts';
import { RunRecorder } from './run-recorder.ts';
import type { RecordOptions } from './run-recorder.ts';
import { SecretScrubber } from './secret-scrubber.ts';
import { SqliteCache } from './sqlite-cache.ts';
import { WorkflowVersions } from './workflow-versions.ts';

export interface StoreOptions {
  /** The data folder; `dataFolder(env)` when absent. */
  home?: string;
  env?: Record<string, string | undefined>;
  /** Where the credential key comes from; the desktop app passes its safeStorage-backed one. */
  keySource?: KeySource;
}

export const DATABASE_FILE = 'pipewright.db';

/**
 * Opens the data folder's store: migrates the database, marks runs that a dead process left
 * running as interrupted, and hands out the parts the hosts use. Open one per process and close
 * it on the way out; several processes may hold the same folder open at once.
 */
export function openStore(options: StoreOptions = {}): Store {
  const home = options.home ?? dataFolder(options.env ?? process.env);
  const file = join(home, DATABASE_FILE);
  const db = openDatabase(file);
  let interrupted: string[];
  try {
    interrupted = markInterruptedRuns(db);
  } catch (error) {
    db.close();
    throw openFailure(file, error);
  }
  return new Store(db, home, file, options.keySource ?? keySourceFor(home), interrupted);
}

export class Store {
  readonly workflows: WorkflowVersions;
  readonly runs: RunHistory;
  readonly cache: SqliteCache;
  readonly credentials: CredentialVault;
  readonly artifacts: FolderArtifactStore;
  private readonly statements: RecorderStatements;

  constructor(
    readonly db: Database,
    readonly home: string,
    readonly file: string,
    keySource: KeySource,
    /** Runs this open found cut off and marked interrupted. */
    readonly interrupted: string[],
  ) {
    this.workflows = new WorkflowVersions(db);
    this.runs = new RunHistory(db);
    this.credentials = new CredentialVault(db, keySource);
    this.cache = new SqliteCache(db, new SecretScrubber([this.credentials.handedOut]));
    this.artifacts = new FolderArtifactStore(artifactFolder(home));
    this.statements = prepareRecorderStatements(db);
  }

  /**
   * A recorder for one run: pass `recorder.record` as the run's `onEvent`. Secrets handed to
   * the run by the vault, and any the host adds (keys read from the environment), are scrubbed
   * from everything it writes.
   */
  recorder(options: RecordOptions & { secrets?: Iterable<string> }): RunRecorder {
    const scrubber = new SecretScrubber([this.credentials.handedOut, [...(options.secrets ?? [])]]);
    return new RunRecorder(this.db, this.statements, scrubber, options);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
