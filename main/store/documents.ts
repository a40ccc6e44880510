import type { Database } from 'better-sqlite3';
import { serializeWorkflow, sha256 } from '../../engine/index.ts';
import type { WorkflowDocument } from '../../engine/index.ts';

/**
 * Workflow documents kept once by content: a version and the thousand runs made of it share a
 * row, so that a run can always be replayed with exactly the workflow it ran.
 */
export function putDocument(db: Database, document: WorkflowDocument): string {
  const body = serializeWorkflow(document);
  const hash = sha256(body);
  db.prepare('INSERT OR IGNORE INTO documents (sha256, body) VALUES (?, ?)').run(hash, body);
  return hash;
}

export function getDocument(db: Database, hash: string): WorkflowDocument | undefined {
  const row = db.prepare('SELECT body FROM documents WHERE sha256 = ?').get(hash) as
    { body: string } | undefined;
  return row ? (JSON.parse(row.body) as WorkflowDocument) : undefined;
}
