import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Which process records a run. A run left "running" by a process that no longer exists was cut
 * off (a crash, a kill), and the next process to open the store marks it interrupted; a run of a
 * live process, such as a studio open beside a CLI command, is left alone.
 */
export interface RunOwner {
  pid: number;
  host: string;
  /** Tells this process's store from an earlier process that had the same pid. */
  token: string;
}

export const currentOwner: RunOwner = { pid: process.pid, host: hostname(), token: randomUUID() };

/**
 * Whether the process that owns a run may still be recording it. A process on another machine
 * (a data folder on a shared drive) cannot be checked and counts as alive; so does a pid that
 * was reused by an unrelated process, until that process ends too.
 */
export function ownerMayBeAlive(owner: RunOwner): boolean {
  if (owner.host !== currentOwner.host) return true;
  if (owner.pid === currentOwner.pid) return owner.token === currentOwner.token;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
