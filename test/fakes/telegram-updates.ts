import type { TelegramUpdate } from './telegram-types.ts';

/**
 * Updates waiting for the bot, with the Bot API's confirmation rule: asking with an `offset`
 * forgets every update below it, and a long poll is held until something arrives.
 */
export class UpdateQueue {
  private updates: TelegramUpdate[] = [];
  private nextId = 1;
  private readonly waiters = new Set<() => void>();

  push(update: Omit<TelegramUpdate, 'update_id'>): TelegramUpdate {
    const queued = { update_id: this.nextId, ...update };
    this.nextId += 1;
    this.updates.push(queued);
    for (const wake of [...this.waiters]) wake();
    return queued;
  }

  /** A negative offset keeps only that many of the newest updates, as Telegram does. */
  confirm(offset: number | undefined): void {
    if (offset === undefined || offset === 0) return;
    if (offset < 0) {
      this.updates = this.updates.slice(offset);
      return;
    }
    this.updates = this.updates.filter((update) => update.update_id >= offset);
  }

  peek(limit = 100): TelegramUpdate[] {
    return this.updates.slice(0, Math.max(1, Math.min(100, limit)));
  }

  remove(updateId: number): void {
    this.updates = this.updates.filter((update) => update.update_id !== updateId);
  }

  /** Resolves when an update is pushed, `seconds` pass, or the signal aborts. */
  waitForUpdate(seconds: number, signal: AbortSignal): Promise<void> {
    if (this.updates.length > 0 || seconds <= 0 || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, seconds * 1000);
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }

  get pending(): TelegramUpdate[] {
    return [...this.updates];
  }

  clear(): void {
    this.updates = [];
  }
}
