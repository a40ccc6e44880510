import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactRef } from '../../engine/index.ts';

export interface ArtifactMetaRecord {
  mediaType: string;
  name?: string;
}

/**
 * What the artifact route needs to know beyond the bytes: the media type and a file name. The
 * content-addressed folder holds only bytes, so each artifact the service hands out gets a
 * small record beside it, on disk so that a restarted copy, or another copy on the same volume,
 * serves it with the right Content-Type.
 */
export class ArtifactIndex {
  private readonly recent = new Map<string, ArtifactMetaRecord>();
  private readonly folder: string;

  constructor(
    dataFolder: string,
    private readonly limit = 10_000,
  ) {
    this.folder = join(dataFolder, 'artifact-meta');
  }

  async remember(ref: ArtifactRef): Promise<void> {
    if (this.recent.has(ref.sha256)) return;
    const record: ArtifactMetaRecord = { mediaType: ref.mediaType };
    if (ref.name) record.name = ref.name;
    this.keep(ref.sha256, record);

    await mkdir(this.folder, { recursive: true });
    await writeFile(this.fileOf(ref.sha256), JSON.stringify(record), { flag: 'wx' }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      },
    );
  }

  async lookup(sha256: string): Promise<ArtifactMetaRecord | undefined> {
    const known = this.recent.get(sha256);
    if (known) return known;
    try {
      const record = JSON.parse(await readFile(this.fileOf(sha256), 'utf8')) as ArtifactMetaRecord;
      if (typeof record.mediaType !== 'string') return undefined;
      this.keep(sha256, record);
      return record;
    } catch {
      return undefined;
    }
  }

  private keep(sha256: string, record: ArtifactMetaRecord): void {
    this.recent.set(sha256, record);
    if (this.recent.size > this.limit) this.recent.delete(this.recent.keys().next().value!);
  }

  private fileOf(sha256: string): string {
    return join(this.folder, `${sha256}.json`);
  }
}
