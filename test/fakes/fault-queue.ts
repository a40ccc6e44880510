/** Which requests a fault applies to; a string path matches the whole path or its ending. */
export interface FaultFilter {
  path?: string | RegExp;
  method?: string;
}

export interface FailOptions extends FaultFilter {
  status: number;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Seconds, sent as the `retry-after` header (and in Telegram's `parameters`). */
  retryAfter?: number;
  /** Replaces the service's usual error body for this status. */
  body?: unknown;
}

export interface SlowOptions extends FaultFilter {
  times?: number;
}

export interface CutOffOptions extends FaultFilter {
  times?: number;
  /**
   * Body bytes to send before the socket is destroyed. Without it a streamed answer is cut
   * after its first chunk and a one-piece answer halfway through; 0 drops the connection
   * before any response.
   */
  afterBytes?: number;
}

export interface StallOptions extends FaultFilter {
  times?: number;
  /** Body bytes sent before the answer stops and waits to be resumed. */
  afterBytes: number;
}

export type Fault =
  | { kind: 'fail'; status: number; retryAfter?: number; body?: unknown }
  | { kind: 'slow'; ms: number }
  | { kind: 'cutOff'; afterBytes?: number }
  | { kind: 'stall'; afterBytes: number; resumed: Promise<void> };

/** The faults that act on an answer's body once it has begun. */
export type BodyFault = Extract<Fault, { kind: 'cutOff' | 'stall' }>;

interface QueuedFault {
  fault: Fault;
  filter: FaultFilter;
  remaining: number;
}

/** Faults wait in the order they were queued; each request takes the first one that matches it. */
export class FaultQueue {
  private queue: QueuedFault[] = [];

  add(fault: Fault, filter: FaultFilter, times = 1): void {
    if (times < 1) return;
    this.queue.push({
      fault,
      filter: { path: filter.path, method: filter.method },
      remaining: times,
    });
  }

  take(method: string, path: string): Fault | undefined {
    const index = this.queue.findIndex((entry) => matches(entry.filter, method, path));
    const entry = this.queue[index];
    if (!entry) return undefined;

    entry.remaining -= 1;
    if (entry.remaining === 0) this.queue.splice(index, 1);
    return entry.fault;
  }

  clear(): void {
    this.queue = [];
  }

  get pending(): number {
    return this.queue.reduce((sum, entry) => sum + entry.remaining, 0);
  }
}

function matches(filter: FaultFilter, method: string, path: string): boolean {
  if (filter.method && filter.method.toUpperCase() !== method.toUpperCase()) return false;
  if (filter.path === undefined) return true;
  if (typeof filter.path === 'string') return path === filter.path || path.endsWith(filter.path);
  return filter.path.test(path);
}
