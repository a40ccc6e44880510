import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { ArtifactRef, ArtifactStore } from '../../engine/index.ts';

const HEADER_BYTES = 44;
/** ElevenLabs' `pcm_*` formats are 16-bit little-endian samples of one channel. */
const CHANNELS = 1;
const BITS_PER_SAMPLE = 16;

/**
 * Stores headerless PCM samples as a WAV file. Raw samples carry no rate or sample size, so
 * ffprobe, ffmpeg and the studio's audio player cannot read them; a 44-byte RIFF header makes
 * them an ordinary file. The samples stream to disk after room left for the header, which is
 * written last, once the data's length is known.
 */
export async function storeAsWav(
  store: ArtifactStore,
  samples: AsyncIterable<Uint8Array>,
  sampleRate: number,
): Promise<ArtifactRef> {
  const path = await store.scratchPath('wav');
  try {
    let dataBytes = 0;
    const counted = async function* () {
      for await (const chunk of samples) {
        dataBytes += chunk.byteLength;
        yield chunk;
      }
    };
    await pipeline(counted, createWriteStream(path, { start: HEADER_BYTES }));

    const file = await open(path, 'r+');
    try {
      await file.write(wavHeader(sampleRate, dataBytes), 0, HEADER_BYTES, 0);
    } finally {
      await file.close();
    }
    return await store.putFile(
      path,
      { mediaType: 'audio/wav', name: 'speech.wav' },
      { move: true },
    );
  } finally {
    await rm(path, { force: true });
  }
}

/** The canonical RIFF/WAVE header of uncompressed PCM. */
export function wavHeader(sampleRate: number, dataBytes: number): Buffer {
  const blockAlign = (CHANNELS * BITS_PER_SAMPLE) / 8;
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(HEADER_BYTES - 8 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  // A 16-byte fmt chunk of format 1, integer PCM.
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(CHANNELS, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(BITS_PER_SAMPLE, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}
