import { CancelledError } from './errors.ts';

type Release = { resolve: () => void; reject: (error: unknown) => void };

/**
 * Holds a run before marked nodes. `resume` lets every held node go; `step` lets them go and
 * holds the next node that is about to run, which is how a person walks a pipeline node by node.
 */
export class DebugGate {
  private readonly held = new Map<string, Release>();
  private stepping = false;

  constructor(private readonly breakpoints: ReadonlySet<string>) {}

  /** Whether the node must wait; consumes a pending step. */
  shouldHold(nodeId: string): boolean {
    if (this.stepping) {
      this.stepping = false;
      return true;
    }
    return this.breakpoints.has(nodeId);
  }

  hold(nodeId: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.held.delete(nodeId);
        reject(new CancelledError());
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.held.set(nodeId, {
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      });
    });
  }

  heldNodes(): string[] {
    return [...this.held.keys()];
  }

  resume(): void {
    this.stepping = false;
    this.releaseAll();
  }

  step(): void {
    this.stepping = true;
    this.releaseAll();
  }

  private releaseAll() {
    const releases = [...this.held.values()];
    this.held.clear();
    for (const release of releases) release.resolve();
  }
}
