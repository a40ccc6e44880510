/**
 * A time limit on silence from a remote service. The SDKs' own time-outs end when the answer's
 * headers arrive, so a server that starts a stream and then stops sending would hold the run
 * forever; this one restarts with every piece received and fires only after `ms` with nothing.
 */
export interface IdleTimeout {
  /** The run's signal combined with the time-out's: hand it to the SDK call. */
  signal: AbortSignal;
  /** Call on every piece received: the wait starts again. */
  touch(): void;
  /** Whether the time-out fired (rather than the run being cancelled). */
  readonly fired: boolean;
  /** Stops the timer once the answer is whole or has failed. */
  clear(): void;
}

export function idleTimeout(run: AbortSignal, ms: number): IdleTimeout {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!run.aborted) controller.abort(new Error(`nothing arrived for ${ms} ms`));
    }, ms);
  };
  touch();
  return {
    signal: AbortSignal.any([run, controller.signal]),
    touch,
    get fired() {
      return controller.signal.aborted;
    },
    clear: () => clearTimeout(timer),
  };
}
