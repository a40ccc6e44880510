import { ElevenLabs, ElevenLabsClient, ElevenLabsError } from '@elevenlabs/elevenlabs-js';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ElevenLabsFake } from './elevenlabs-fake.ts';
import { probeMedia } from './probe-media.ts';

const fake = new ElevenLabsFake({ apiKey: 'el-test-key', chunkSize: 2048 });
const RACHEL = '21m00Tcm4TlvDq8ikWAM';
let folder = '';

function client(apiKey = 'el-test-key'): ElevenLabsClient {
  return new ElevenLabsClient({ apiKey, baseUrl: fake.url, maxRetries: 0 });
}

async function collect(
  stream: ReadableStream<Uint8Array>,
): Promise<{ bytes: Buffer; chunks: number }> {
  const parts: Buffer[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    parts.push(Buffer.from(read.value));
  }
  return { bytes: Buffer.concat(parts), chunks: parts.length };
}

beforeAll(async () => {
  await fake.start();
  folder = await mkdtemp(join(tmpdir(), 'elevenlabs-fake-test-'));
});

afterAll(async () => {
  await fake.stop();
  await rm(folder, { recursive: true, force: true });
});

beforeEach(() => {
  fake.clear();
});

describe('ElevenLabsFake text to speech', () => {
  it('converts text to MP3 that ffprobe reads as audio with a duration', async () => {
    const stream = await client().textToSpeech.convert(RACHEL, {
      text: 'Cats purr for many reasons.',
      modelId: 'eleven_multilingual_v2',
      outputFormat: 'mp3_44100_128',
    });
    const { bytes } = await collect(stream);
    const probe = await probeMedia(bytes);

    expect(probe.formatName).toBe('mp3');
    expect(probe.streams[0]?.codecType).toBe('audio');
    expect(probe.duration).toBeGreaterThan(0.5);
    expect(fake.speechRequests).toEqual([
      expect.objectContaining({
        voiceId: RACHEL,
        text: 'Cats purr for many reasons.',
        modelId: 'eleven_multilingual_v2',
        outputFormat: 'mp3_44100_128',
        stream: false,
      }),
    ]);
    expect(fake.requests[0]?.headers['xi-api-key']).toBe('el-test-key');
  });

  it('streams audio in chunks that a client can pipe to disk', async () => {
    const stream = await client().textToSpeech.stream(RACHEL, {
      text: 'A longer narration, so that the streamed answer needs several chunks to arrive.',
      outputFormat: 'mp3_22050_32',
    });
    const path = join(folder, 'streamed.mp3');
    let chunks = 0;
    const counted = Readable.fromWeb(stream as WebReadableStream<Uint8Array>).on(
      'data',
      () => (chunks += 1),
    );
    await pipeline(counted, createWriteStream(path));
    const probe = await probeMedia(path);

    expect(chunks).toBeGreaterThan(1);
    expect((await stat(path)).size).toBeGreaterThan(4_000);
    expect(probe.formatName).toBe('mp3');
    expect(probe.duration).toBeGreaterThan(1);
    expect(fake.requests[0]?.path).toBe(`/v1/text-to-speech/${RACHEL}/stream`);
  });

  it('answers raw PCM at the asked sample rate', async () => {
    const stream = await client().textToSpeech.convert(RACHEL, {
      text: 'Raw samples.',
      outputFormat: 'pcm_16000',
    });
    const { bytes } = await collect(stream);
    const probe = await probeMedia(bytes, ['-f', 's16le', '-ar', '16000', '-ac', '1']);

    expect(probe.duration).toBeCloseTo(bytes.length / 32_000, 1);
    expect(probe.duration).toBeGreaterThan(0.3);
  });

  it('answers WAV with a header ffprobe accepts', async () => {
    const stream = await client().textToSpeech.convert(RACHEL, {
      text: 'Wave file.',
      outputFormat: 'wav_44100',
    });
    const probe = await probeMedia((await collect(stream)).bytes);

    expect(probe.formatName).toBe('wav');
    expect(probe.streams[0]?.codecName).toBe('pcm_s16le');
    expect(probe.duration).toBeGreaterThan(0.3);
  });

  it('gives character timings that span the audio', async () => {
    const result = await client().textToSpeech.convertWithTimestamps(RACHEL, {
      text: 'Hello there.',
    });
    const ends = result.alignment?.characterEndTimesSeconds ?? [];

    expect(Buffer.from(result.audioBase64, 'base64').length).toBeGreaterThan(1000);
    expect(result.alignment?.characters.join('')).toBe('Hello there.');
    expect(ends.at(-1)).toBeGreaterThan(0.3);
  });

  it('rejects a wrong key with 401 and the ElevenLabs error shape', async () => {
    const call = client('el-wrong').textToSpeech.convert(RACHEL, { text: 'hi' });

    await expect(call).rejects.toBeInstanceOf(ElevenLabsError);
    await call.catch((error: unknown) => {
      expect(error).toMatchObject({
        statusCode: 401,
        body: { detail: { status: 'invalid_api_key' } },
      });
    });
  });

  it('answers 422 with a validation error when the text is empty', async () => {
    const call = client().textToSpeech.convert(RACHEL, { text: '' });

    await expect(call).rejects.toBeInstanceOf(ElevenLabs.UnprocessableEntityError);
    await call.catch((error: unknown) => {
      expect(error).toMatchObject({ statusCode: 422 });
      expect(JSON.stringify((error as ElevenLabsError).body)).toContain('"text"');
    });
  });

  it('answers 422 when the body has no text at all', async () => {
    const response = await fetch(`${fake.url}/v1/text-to-speech/${RACHEL}`, {
      method: 'POST',
      headers: { 'xi-api-key': 'el-test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ model_id: 'eleven_multilingual_v2' }),
    });

    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      detail: [{ type: 'missing', loc: ['body', 'text'] }],
    });
  });

  it('answers 429 from the fault queue, then audio on the SDK retry', async () => {
    fake.fail({ status: 429, retryAfter: 1, path: `/text-to-speech/${RACHEL}` });
    const retrying = new ElevenLabsClient({
      apiKey: 'el-test-key',
      baseUrl: fake.url,
      maxRetries: 1,
    });
    const { bytes } = await collect(
      await retrying.textToSpeech.convert(RACHEL, { text: 'Again.' }),
    );

    expect(bytes.length).toBeGreaterThan(1000);
    expect(fake.requests.map((request) => request.fault)).toEqual(['fail', undefined]);
    expect(fake.requests[0]?.receivedAt).toBeLessThan(fake.requests[1]!.receivedAt - 900);
  });

  it('breaks a stream that is cut off after its first chunk', async () => {
    fake.cutOff({ path: '/stream' });
    const stream = await client().textToSpeech.stream(RACHEL, {
      text: 'This narration will not arrive in one piece.',
    });

    await expect(collect(stream)).rejects.toThrow();
  });

  it('lists voices and rejects an unknown voice id', async () => {
    const voices = await client().voices.getAll();
    const unknown = client().textToSpeech.convert('no-such-voice', { text: 'hi' });

    expect(voices.voices.map((voice) => voice.name)).toContain('Rachel');
    await expect(unknown).rejects.toMatchObject({ statusCode: 404 });
  });
});
