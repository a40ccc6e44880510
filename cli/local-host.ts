import { mkdir } from 'node:fs/promises';
import type { CompiledWorkflow, FolderArtifactStore } from '../engine/index.ts';
import type { CacheStore, CredentialResolver, RunEvent } from '../engine/index.ts';
import { environmentSecrets, openStore } from '../main/store/index.ts';

/** What a CLI run needs from the machine: where artifacts go, the cache, saved credentials. */
export interface LocalHost {
  home: string;
  artifacts: FolderArtifactStore;
  cache: CacheStore;
  credentials: CredentialResolver;
  /** Sees every event of a run so that it can be recorded. */
  record(event: RunEvent): void;
  close(): void;
}

/**
 * The data folder's store: runs are recorded in its history, results cached in its database,
 * credentials read from its vault. A history write that fails is reported when the host
 * closes; the run itself goes on.
 */
export async function openLocalHost(
  env: Record<string, string | undefined>,
  workflow: CompiledWorkflow,
): Promise<LocalHost> {
  const store = openStore({ env });
  await mkdir(store.artifacts.root, { recursive: true });
  const recorder = store.recorder({
    document: workflow.document,
    origin: 'cli',
    secrets: environmentSecrets(workflow, env),
  });
  return {
    home: store.home,
    artifacts: store.artifacts,
    cache: store.cache,
    credentials: store.credentials.resolver(),
    record: recorder.record,
    close: () => {
      store.close();
      if (recorder.failure) process.stderr.write(`pipewright: ${recorder.failure.message}\n`);
    },
  };
}
