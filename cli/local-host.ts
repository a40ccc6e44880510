import { mkdir } from 'node:fs/promises';
import { FolderArtifactStore, MemoryCache } from '../engine/index.ts';
import type { CacheStore, CredentialResolver, RunEvent } from '../engine/index.ts';
import { artifactFolder, dataFolder } from '../main/data-folder.ts';

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

export async function openLocalHost(env: Record<string, string | undefined>): Promise<LocalHost> {
  const home = dataFolder(env);
  const artifacts = new FolderArtifactStore(artifactFolder(home));
  await mkdir(artifacts.root, { recursive: true });
  return {
    home,
    artifacts,
    cache: new MemoryCache(),
    credentials: async () => undefined,
    record: () => {},
    close: () => {},
  };
}
