import type { Database } from 'better-sqlite3';
import { userError } from '../../engine/index.ts';
import type { WorkflowDocument } from '../../engine/index.ts';
import { getDocument, putDocument } from './documents.ts';
import { diffWorkflows } from './workflow-diff.ts';
import type { WorkflowDiff } from './workflow-diff.ts';

export interface WorkflowSummary {
  id: string;
  name: string;
  headVersion: number;
  createdAt: number;
  updatedAt: number;
}

export interface VersionInfo {
  workflowId: string;
  version: number;
  sha256: string;
  message?: string;
  createdAt: number;
}

interface VersionRow {
  workflow_id: string;
  version: number;
  document_sha256: string;
  message: string | null;
  created_at: number;
}

/**
 * Workflows and their history. Every save that changes the document adds a version; nothing is
 * overwritten, so restoring an old version is itself a new version on top.
 */
export class WorkflowVersions {
  constructor(private readonly db: Database) {}

  /**
   * Saves the document as the workflow's next version. A save equal to the latest version adds
   * nothing and answers with that version, so pressing Save twice does not clutter the history.
   */
  save(document: WorkflowDocument, options: { message?: string } = {}): VersionInfo {
    const write = this.db.transaction(() => {
      const hash = putDocument(this.db, document);
      const head = this.headRow(document.id);
      if (head?.document_sha256 === hash) return toInfo(head);

      const version = (head?.version ?? 0) + 1;
      const now = Date.now();
      this.db
        .prepare(
          `INSERT INTO workflows (id, name, head_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, head_version = excluded.head_version,
             updated_at = excluded.updated_at`,
        )
        .run(document.id, document.name, version, now, now);
      this.db
        .prepare(
          `INSERT INTO workflow_versions (workflow_id, version, document_sha256, message, created_at)
           VALUES (?, ?, ?, ?, ?)`,
        )
        .run(document.id, version, hash, options.message ?? null, now);
      return {
        workflowId: document.id,
        version,
        sha256: hash,
        message: options.message,
        createdAt: now,
      };
    });
    return write.immediate();
  }

  list(): WorkflowSummary[] {
    const rows = this.db.prepare('SELECT * FROM workflows ORDER BY updated_at DESC, id').all() as {
      id: string;
      name: string;
      head_version: number;
      created_at: number;
      updated_at: number;
    }[];
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      headVersion: row.head_version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }

  /** The workflow's versions, newest first. */
  versions(workflowId: string): VersionInfo[] {
    const rows = this.db
      .prepare('SELECT * FROM workflow_versions WHERE workflow_id = ? ORDER BY version DESC')
      .all(workflowId) as VersionRow[];
    if (rows.length === 0) throw unknownWorkflow(workflowId);
    return rows.map(toInfo);
  }

  /** A saved version's document; the latest when no version is given. */
  show(workflowId: string, version?: number): WorkflowDocument {
    const row =
      version === undefined ? this.headRow(workflowId) : this.versionRow(workflowId, version);
    if (!row && version === undefined) throw unknownWorkflow(workflowId);
    if (!row) throw unknownVersion(workflowId, version!);
    return getDocument(this.db, row.document_sha256)!;
  }

  /** Makes an old version the latest again, as a new version whose message says so. */
  restore(workflowId: string, version: number): VersionInfo {
    const document = this.show(workflowId, version);
    return this.save(document, { message: `Restored version ${version}.` });
  }

  diff(workflowId: string, from: number, to: number): WorkflowDiff {
    return diffWorkflows(this.show(workflowId, from), this.show(workflowId, to));
  }

  private headRow(workflowId: string): VersionRow | undefined {
    return this.db
      .prepare(
        `SELECT v.* FROM workflows w JOIN workflow_versions v
           ON v.workflow_id = w.id AND v.version = w.head_version WHERE w.id = ?`,
      )
      .get(workflowId) as VersionRow | undefined;
  }

  private versionRow(workflowId: string, version: number): VersionRow | undefined {
    return this.db
      .prepare('SELECT * FROM workflow_versions WHERE workflow_id = ? AND version = ?')
      .get(workflowId, version) as VersionRow | undefined;
  }
}

function toInfo(row: VersionRow): VersionInfo {
  const info: VersionInfo = {
    workflowId: row.workflow_id,
    version: row.version,
    sha256: row.document_sha256,
    createdAt: row.created_at,
  };
  if (row.message !== null) info.message = row.message;
  return info;
}

function unknownWorkflow(workflowId: string) {
  return userError('WORKFLOW_NOT_FOUND', `No workflow "${workflowId}" is saved.`, {
    field: 'workflowId',
  });
}

function unknownVersion(workflowId: string, version: number) {
  return userError(
    'WORKFLOW_VERSION_NOT_FOUND',
    `Workflow "${workflowId}" has no saved version ${version}.`,
    { field: 'version' },
  );
}
