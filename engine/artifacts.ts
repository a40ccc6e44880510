import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, link, copyFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

/**
 * A medium (image, audio, video, any file) as it travels between nodes: a reference into the
 * content-addressed artifact folder, never the bytes themselves.
 */
export interface ArtifactRef {
  kind: 'artifact';
  /** Equal to `sha256`: the content is the identity. */
  id: string;
  sha256: string;
  mediaType: string;
  bytes: number;
  /** A file name to suggest when the artifact is saved or downloaded. */
  name?: string;
}

export function isArtifactRef(value: unknown): value is ArtifactRef {
  if (!value || typeof value !== 'object') return false;
  const ref = value as Partial<ArtifactRef>;
  return ref.kind === 'artifact' && typeof ref.sha256 === 'string' && typeof ref.bytes === 'number';
}

export interface ArtifactMeta {
  mediaType: string;
  name?: string;
}

/** Where artifacts live. The engine defines it; hosts (CLI, studio, services) hand one in. */
export interface ArtifactStore {
  /** Stores bytes or a stream, hashing while writing so that large media never sit in memory. */
  put(
    data: Uint8Array | string | AsyncIterable<Uint8Array>,
    meta: ArtifactMeta,
  ): Promise<ArtifactRef>;
  /** Takes a finished file (a tool's output) into the store; `move` removes the original. */
  putFile(path: string, meta: ArtifactMeta, options?: { move?: boolean }): Promise<ArtifactRef>;
  /** A fresh path in the store's scratch space for a tool to write into. */
  scratchPath(extension: string): Promise<string>;
  /** The file that holds an artifact, for tools such as ffmpeg that read paths. */
  pathOf(ref: Pick<ArtifactRef, 'sha256'>): string;
  has(ref: Pick<ArtifactRef, 'sha256'>): Promise<boolean>;
  open(ref: Pick<ArtifactRef, 'sha256'>, range?: { start: number; end: number }): Readable;
}

/** Artifacts as files named by their sha256, two hex digits of fan-out, under one folder. */
export class FolderArtifactStore implements ArtifactStore {
  constructor(readonly root: string) {}

  pathOf(ref: Pick<ArtifactRef, 'sha256'>): string {
    return join(this.root, ref.sha256.slice(0, 2), ref.sha256);
  }

  async scratchPath(extension: string): Promise<string> {
    const dir = join(this.root, 'tmp');
    await mkdir(dir, { recursive: true });
    const suffix = extension.startsWith('.') || extension === '' ? extension : `.${extension}`;
    return join(dir, `${randomUUID()}${suffix}`);
  }

  async put(
    data: Uint8Array | string | AsyncIterable<Uint8Array>,
    meta: ArtifactMeta,
  ): Promise<ArtifactRef> {
    const temp = await this.scratchPath('');
    const hash = createHash('sha256');
    let bytes = 0;
    const source =
      typeof data === 'string' || data instanceof Uint8Array ? Readable.from([data]) : data;

    async function* hashing(chunks: AsyncIterable<Uint8Array | string>) {
      for await (const chunk of chunks) {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        hash.update(buffer);
        bytes += buffer.byteLength;
        yield buffer;
      }
    }

    try {
      await pipeline(source, hashing, createWriteStream(temp));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return this.settle(temp, hash.digest('hex'), bytes, meta);
  }

  async putFile(
    path: string,
    meta: ArtifactMeta,
    options: { move?: boolean } = {},
  ): Promise<ArtifactRef> {
    const hash = createHash('sha256');
    await pipeline(createReadStream(path), hash);
    const { size } = await stat(path);
    const temp = await this.scratchPath('');
    if (options.move) await rename(path, temp).catch(() => copyThenRemove(path, temp));
    else await link(path, temp).catch(() => copyFile(path, temp));
    return this.settle(temp, hash.digest('hex'), size, meta);
  }

  async has(ref: Pick<ArtifactRef, 'sha256'>): Promise<boolean> {
    return stat(this.pathOf(ref)).then(
      () => true,
      () => false,
    );
  }

  open(ref: Pick<ArtifactRef, 'sha256'>, range?: { start: number; end: number }): Readable {
    return createReadStream(this.pathOf(ref), range);
  }

  /** Renames the written file onto its content name; an equal file already there wins. */
  private async settle(temp: string, sha: string, bytes: number, meta: ArtifactMeta) {
    const ref: ArtifactRef = {
      kind: 'artifact',
      id: sha,
      sha256: sha,
      mediaType: meta.mediaType,
      bytes,
    };
    if (meta.name) ref.name = meta.name;
    const target = this.pathOf(ref);
    if (await this.has(ref)) {
      await rm(temp, { force: true });
      return ref;
    }
    await mkdir(dirname(target), { recursive: true });
    await rename(temp, target);
    return ref;
  }
}

async function copyThenRemove(from: string, to: string) {
  await copyFile(from, to);
  await rm(from, { force: true });
}

const EXTENSIONS: Record<string, string> = {
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/ogg': 'ogg',
  'audio/aac': 'aac',
  'audio/pcm': 'pcm',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'application/json': 'json',
  'text/plain': 'txt',
};

/** The usual file extension for a media type, without the dot; `bin` when unknown. */
export function extensionFor(mediaType: string): string {
  return EXTENSIONS[mediaType.split(';')[0]!.trim()] ?? 'bin';
}

/** The media type for a file name, by its extension; `application/octet-stream` when unknown. */
export function mediaTypeFor(fileName: string): string {
  const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
  const found = Object.entries(EXTENSIONS).find(([, value]) => value === extension);
  if (extension === 'jpeg') return 'image/jpeg';
  return found ? found[0] : 'application/octet-stream';
}
