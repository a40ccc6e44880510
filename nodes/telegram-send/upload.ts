import type { Readable } from 'node:stream';
import { InputFile } from 'node-telegram-bot-api';
import { extensionFor } from '../../engine/index.ts';
import type { ArtifactRef, ArtifactStore } from '../../engine/index.ts';

/**
 * An artifact as a Bot API upload. The SDK calls the factory once per send attempt and streams
 * what it returns into the multipart body, so a large video goes from the artifact file to the
 * socket without ever being held in memory.
 */
export function uploadOf(artifacts: ArtifactStore, ref: ArtifactRef, kind: string): InputFile {
  const filename = ref.name ?? `${kind}.${extensionFor(ref.mediaType)}`;
  return new InputFile(() => pulled(artifacts.open(ref)), { filename, contentType: ref.mediaType });
}

/**
 * A web stream that reads the file only when the request asks for more. Node 20's
 * `Readable.toWeb` reads ahead regardless of demand and, on a slow link, ends up holding most
 * of the file in memory.
 */
function pulled(file: Readable): ReadableStream<Uint8Array> {
  const chunks = file[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value as Uint8Array);
    },
    cancel() {
      file.destroy();
    },
  });
}
