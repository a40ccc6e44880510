import type { Database } from 'better-sqlite3';
import { ownerMayBeAlive } from './run-owner.ts';

/**
 * Marks runs whose process died mid-run (a crash, a kill -9, a power cut) as interrupted, and
 * their unfinished nodes with them. Finished node results stay as they were written, and the run
 * is charged what they cost, since that money was spent. Runs of a process still alive are left
 * running. Answers the ids it marked.
 */
export function markInterruptedRuns(db: Database, now = Date.now()): string[] {
  const running = db
    .prepare(
      `SELECT id, owner_pid AS pid, owner_host AS host, owner_token AS token
       FROM runs WHERE status = 'running'`,
    )
    .all() as { id: string; pid: number; host: string; token: string }[];
  const dead = running.filter((run) => !ownerMayBeAlive(run)).map((run) => run.id);
  if (dead.length === 0) return [];

  const markRun = db.prepare(
    `UPDATE runs SET status = 'interrupted', ended_at = @now,
       cost_usd = (SELECT coalesce(sum(cost_usd), 0) FROM node_results WHERE run_id = @id),
       error = json_object('code', 'RUN_INTERRUPTED', 'message',
         'The process running this workflow stopped before the run finished.',
         'fault', 'operational', 'transient', json('false'), 'details', json_object())
     WHERE id = @id AND status = 'running'`,
  );
  const markNodes = db.prepare(
    `UPDATE node_results SET status = 'interrupted', ended_at = @now
     WHERE run_id = @id AND status IN ('running', 'paused', 'pending')`,
  );
  db.transaction(() => {
    for (const id of dead) {
      markRun.run({ id, now });
      markNodes.run({ id, now });
    }
  }).immediate();
  return dead;
}
