import { createHash } from 'node:crypto';

/** A file the fake holds, uploaded by the bot or planted by a test. */
export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  /** The path for getFile and the `/file/bot<token>/<path>` download. */
  filePath: string;
  bytes: Buffer;
  filename?: string;
  contentType?: string;
}

const FOLDERS: Record<string, string> = {
  video: 'videos',
  audio: 'music',
  voice: 'voice',
  photo: 'photos',
  document: 'documents',
  animation: 'animations',
};

export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  private count = 0;

  add(
    kind: string,
    bytes: Buffer,
    meta: { filename?: string; contentType?: string } = {},
  ): StoredFile {
    this.count += 1;
    const digest = createHash('sha256').update(bytes).digest('hex');
    const extension = /\.([A-Za-z0-9]{1,8})$/.exec(meta.filename ?? '')?.[1] ?? 'bin';
    const file: StoredFile = {
      fileId: `fake-${kind}-${this.count}-${digest.slice(0, 12)}`,
      fileUniqueId: digest.slice(0, 16),
      filePath: `${FOLDERS[kind] ?? 'documents'}/file_${this.count}.${extension}`,
      bytes,
      ...(meta.filename !== undefined ? { filename: meta.filename } : {}),
      ...(meta.contentType !== undefined ? { contentType: meta.contentType } : {}),
    };
    this.files.set(file.fileId, file);
    return file;
  }

  byId(fileId: string): StoredFile | undefined {
    return this.files.get(fileId);
  }

  byPath(filePath: string): StoredFile | undefined {
    return [...this.files.values()].find((file) => file.filePath === filePath);
  }

  clear(): void {
    this.files.clear();
  }
}
