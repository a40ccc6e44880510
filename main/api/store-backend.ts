import { PipewrightError } from '../../engine/errors.ts';
import type { RunEvent } from '../../engine/events.ts';
import type { WorkflowDocument } from '../../engine/workflow.ts';
import { environmentSecrets } from '../store/secret-scrubber.ts';
import type { Store } from '../store/store.ts';
import type { RunRecord, RunSummary as StoredRun } from '../store/run-history.ts';
import type { StudioBackend } from './backend.ts';
import { storedRunEvents } from './stored-run-events.ts';
import type {
  NodeResultSummary,
  RunDetail,
  RunSummary,
  WorkflowSummary,
  WorkflowVersionSummary,
} from './types.ts';

/** The studio API's persistence, backed by the SQLite store of the data folder. */
export function storeBackend(store: Store): StudioBackend {
  const workflowSummary = (id: string): WorkflowSummary | undefined => {
    const row = store.workflows.list().find((entry) => entry.id === id);
    const document = row && store.workflows.show(id);
    return row && document ? summarise(document, row.headVersion, row.updatedAt) : undefined;
  };

  return {
    artifacts: store.artifacts,
    cache: store.cache,
    dataFolder: store.home,
    close: () => store.close(),

    workflows: {
      list: () =>
        store.workflows
          .list()
          .map((row) => summarise(store.workflows.show(row.id), row.headVersion, row.updatedAt)),
      get: (id) => {
        const summary = workflowSummary(id);
        return summary && { summary, document: store.workflows.show(id) };
      },
      save: (document, message) => {
        store.workflows.save(document, message ? { message } : {});
        return {
          summary: workflowSummary(document.id)!,
          document: store.workflows.show(document.id),
        };
      },
      // The store keeps versions forever and has no delete of its own; removing the workflow row
      // cascades to its versions, while runs of it stay in the history.
      remove: (id) => store.db.prepare('DELETE FROM workflows WHERE id = ?').run(id).changes > 0,
      versions: (id) => {
        const versions = notFoundAsUndefined(() => store.workflows.versions(id));
        return versions?.map((info) =>
          versionSummary(info, store.workflows.show(id, info.version)),
        );
      },
      version: (id, revision) => {
        const info = notFoundAsUndefined(() => store.workflows.versions(id))?.find(
          (entry) => entry.version === revision,
        );
        if (!info) return undefined;
        const document = store.workflows.show(id, revision);
        return { summary: versionSummary(info, document), document };
      },
    },

    runs: {
      recorder: (workflow, env) => {
        const recorder = store.recorder({
          document: workflow.document,
          origin: 'studio',
          secrets: environmentSecrets(workflow, env),
        });
        return {
          record: (event: RunEvent) => {
            recorder.record(event);
            if (recorder.failure) throw recorder.failure;
          },
        };
      },
      list: (query) => store.runs.list(query).map(runSummary),
      get: (runId) => {
        const record = notFoundAsUndefined(() => store.runs.get(runId));
        return record && runDetail(record);
      },
      events: (runId) => {
        const record = notFoundAsUndefined(() => store.runs.get(runId));
        return record && storedRunEvents(record);
      },
    },

    credentials: {
      list: () => store.credentials.list().map(credentialSummary),
      put: (name, credential) =>
        credentialSummary(
          store.credentials.set(
            name,
            credential.secret,
            credential.baseUrl ? { baseUrl: credential.baseUrl } : {},
          ),
        ),
      remove: (name) => store.credentials.delete(name),
      resolve: store.credentials.resolver(),
    },
  };
}

function summarise(
  document: WorkflowDocument,
  revision: number,
  updatedAt: number,
): WorkflowSummary {
  const summary: WorkflowSummary = {
    id: document.id,
    name: document.name,
    version: document.version,
    revision,
    updatedAt: new Date(updatedAt).toISOString(),
    nodeCount: document.nodes.length,
  };
  if (document.description) summary.description = document.description;
  return summary;
}

function versionSummary(
  info: { version: number; createdAt: number; message?: string },
  document: WorkflowDocument,
): WorkflowVersionSummary {
  const summary: WorkflowVersionSummary = {
    revision: info.version,
    savedAt: new Date(info.createdAt).toISOString(),
    version: document.version,
  };
  if (info.message) summary.message = info.message;
  return summary;
}

function runSummary(run: StoredRun & { error?: RunRecord['error'] }): RunSummary {
  const summary: RunSummary = {
    runId: run.id,
    workflowId: run.workflowId,
    workflowName: run.workflowName,
    state: run.status,
    startedAt: new Date(run.startedAt).toISOString(),
    costUsd: run.costUsd,
    paused: [],
  };
  if (run.endedAt !== undefined) summary.endedAt = new Date(run.endedAt).toISOString();
  if (run.durationMs !== undefined) summary.durationMs = run.durationMs;
  if (run.error) summary.error = run.error;
  return summary;
}

function runDetail(record: RunRecord): RunDetail {
  return {
    summary: runSummary(record),
    inputs: record.inputs,
    outputs: record.outputs ?? {},
    nodes: record.nodes.map((node) => {
      const result: NodeResultSummary = {
        nodeId: node.nodeId,
        status: node.status,
        attempts: node.attempts,
        durationMs: node.durationMs ?? 0,
        costUsd: node.costUsd,
      };
      if (node.inputs) result.inputs = node.inputs;
      if (node.outputs) result.outputs = node.outputs;
      if (node.source) result.source = node.source as NodeResultSummary['source'];
      if (node.error) result.error = node.error;
      if (node.reason) result.reason = node.reason;
      return result;
    }),
  };
}

function credentialSummary(info: {
  name: string;
  baseUrl?: string;
  createdAt: number;
  updatedAt: number;
}) {
  return {
    name: info.name,
    ...(info.baseUrl ? { baseUrl: info.baseUrl } : {}),
    createdAt: new Date(info.createdAt).toISOString(),
    updatedAt: new Date(info.updatedAt).toISOString(),
  };
}

/** The store answers an unknown id with a user error; the API answers it with a 404. */
function notFoundAsUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof PipewrightError && error.code.endsWith('NOT_FOUND')) return undefined;
    throw error;
  }
}
