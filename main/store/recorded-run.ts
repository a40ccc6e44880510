import { startRun } from '../../engine/index.ts';
import type { RunEvent, RunHandle, RunOptions } from '../../engine/index.ts';
import type { RunOrigin, RunRecorder } from './run-recorder.ts';
import { environmentSecrets } from './secret-scrubber.ts';
import type { Store } from './store.ts';

export interface RecordedRunOptions extends Omit<
  RunOptions,
  'artifacts' | 'cache' | 'credentials'
> {
  origin: RunOrigin;
  workflowVersion?: number;
  parentRunId?: string;
  /** False runs every node afresh and leaves the cache as it is. */
  useCache?: boolean;
}

export interface RecordedRun extends RunHandle {
  readonly recorder: RunRecorder;
}

/**
 * Starts a run wired to the store: artifacts in the data folder, the SQLite cache, saved
 * credentials, and every event recorded into the run history before it reaches `onEvent`.
 */
export function startRecordedRun(store: Store, options: RecordedRunOptions): RecordedRun {
  const { origin, workflowVersion, parentRunId, useCache = true, onEvent, ...run } = options;
  const recorder = store.recorder({
    document: run.workflow.document,
    workflowVersion,
    origin,
    parentRunId,
    trigger: run.trigger,
    secrets: environmentSecrets(run.workflow, run.env ?? {}),
  });
  const handle = startRun({
    ...run,
    artifacts: store.artifacts,
    cache: useCache ? store.cache : null,
    credentials: store.credentials.resolver(),
    onEvent: (event: RunEvent) => {
      recorder.record(event);
      onEvent?.(event);
    },
  });
  return Object.assign(handle, { recorder });
}
