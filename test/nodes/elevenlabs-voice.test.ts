import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ArtifactRef, FolderArtifactStore } from '../../engine/index.ts';
import { ElevenLabsFake } from '../fakes/elevenlabs-fake.ts';
import { probeMedia } from '../fakes/probe-media.ts';
import { removeTemporaryStores, runNodes, startNodes } from '../harness/node-runner.ts';
import type { NodeRunOptions, TestNode } from '../harness/node-runner.ts';

const fake = new ElevenLabsFake({ apiKey: 'el-test-key', chunkSize: 1024 });
const GEORGE = 'JBFqnCBsd6RMkjVDRZzb';
let env: Record<string, string>;

beforeAll(async () => {
  await fake.start();
  env = { ELEVENLABS_API_KEY: fake.apiKey, ELEVENLABS_BASE_URL: fake.url };
});

afterAll(async () => {
  await fake.stop();
  await removeTemporaryStores();
});

beforeEach(() => fake.clear());

function voiceRun(
  text: string,
  settings: Record<string, unknown> = {},
  extra: Partial<NodeRunOptions> & { voice?: Partial<TestNode> } = {},
): NodeRunOptions {
  return {
    nodes: [
      { id: 'in', type: 'input', settings: { fields: [{ name: 'text', type: 'text' }] } },
      { id: 'voice', type: 'elevenlabs.voice', settings, ...extra.voice },
      { id: 'out', type: 'output', settings: { fields: [{ name: 'audio', type: 'audio' }] } },
    ],
    edges: [
      ['in.text', 'voice.text'],
      ['voice.audio', 'out.audio'],
    ],
    inputs: { text },
    env,
    ...extra,
  };
}

describe('elevenlabs.voice', () => {
  it('writes the spoken text as an MP3 artifact that ffprobe reads', async () => {
    const run = await runNodes(voiceRun('Lighthouses keep ships off the rocks.'));

    expect(run.result.status).toBe('completed');
    const audio = run.result.outputs.audio as ArtifactRef;
    expect(audio).toMatchObject({ kind: 'artifact', mediaType: 'audio/mpeg', name: 'speech.mp3' });
    expect(audio.bytes).toBeGreaterThan(1000);
    const probe = await probeMedia(run.artifacts.pathOf(audio));
    expect(probe.formatName).toBe('mp3');
    expect(probe.duration).toBeGreaterThan(0.5);
  });

  it('keeps a raw PCM format as a WAV file, so that ffmpeg and players can read it', async () => {
    const run = await runNodes(
      voiceRun('Raw samples need a header.', { outputFormat: 'pcm_22050' }),
    );

    expect(fake.speechRequests[0]?.outputFormat).toBe('pcm_22050');
    const audio = run.result.outputs.audio as ArtifactRef;
    expect(audio).toMatchObject({ mediaType: 'audio/wav', name: 'speech.wav' });
    const probe = await probeMedia(run.artifacts.pathOf(audio));
    expect(probe.formatName).toBe('wav');
    // 16-bit mono at 22,050 samples a second, after the 44-byte header.
    expect(probe.duration).toBeCloseTo((audio.bytes - 44) / 44_100, 2);
    expect(probe.duration).toBeGreaterThan(1);
  });

  it('writes the audio to disk as it arrives instead of holding it in memory', async () => {
    // The fake sends the first 8 KiB and holds back the rest: only a node that writes what it
    // has read can have those bytes in a file before the answer is complete.
    const stalled = fake.stall({ path: /text-to-speech/, afterBytes: 8192 });
    const run = await startNodes(
      voiceRun('A sentence long enough to take several chunks of audio.'),
    );
    const onDisk = await largestScratchFile(run.artifacts, 8192);

    expect(onDisk).toBe(8192);
    expect(run.of('node.completed', 'voice')).toHaveLength(0);
    stalled.resume();
    const result = await run.done;

    expect(result.status).toBe('completed');
    expect((result.outputs.audio as ArtifactRef).bytes).toBeGreaterThan(8192);
  });

  it('sends the text, key, voice, model, format and voice settings it was given', async () => {
    await runNodes(
      voiceRun('Hello there.', {
        voiceId: GEORGE,
        modelId: 'eleven_flash_v2_5',
        outputFormat: 'mp3_22050_32',
        stability: 0.2,
        similarityBoost: 0.9,
        style: 0.1,
        speakerBoost: false,
      }),
    );

    const [request] = fake.speechRequests;
    expect(request).toMatchObject({
      voiceId: GEORGE,
      text: 'Hello there.',
      modelId: 'eleven_flash_v2_5',
      outputFormat: 'mp3_22050_32',
      stream: true,
    });
    expect(request?.body.voice_settings).toEqual({
      stability: 0.2,
      similarity_boost: 0.9,
      style: 0.1,
      use_speaker_boost: false,
    });
    expect(fake.requests[0]?.headers['xi-api-key']).toBe('el-test-key');
  });

  it('counts the billed characters at the configured price', async () => {
    const text = 'Twenty characters!!!';
    const run = await runNodes(voiceRun(text, { pricePer1000Characters: 0.5 }));

    expect(run.result.costUsd).toBeCloseTo((text.length * 0.5) / 1000, 9);
  });

  it('fails at once on a rejected key, naming the credential and its variable', async () => {
    const run = await runNodes(
      voiceRun('Hi.', {}, { env: { ...env, ELEVENLABS_API_KEY: 'wrong' } }),
    );

    expect(run.result.status).toBe('failed');
    expect(fake.requests).toHaveLength(1);
    expect(run.result.error).toMatchObject({
      code: 'CREDENTIAL_REJECTED',
      fault: 'user',
      details: { nodeId: 'voice', field: 'credentials.elevenlabs', status: 401 },
    });
    expect(run.result.error?.message).toContain('ELEVENLABS_API_KEY');
  });

  it("reports a 422 as the user's error, quoting the service", async () => {
    fake.fail({
      status: 422,
      path: /text-to-speech/,
      body: {
        detail: [
          { type: 'too_long', loc: ['body', 'text'], msg: 'Text is longer than 5000 characters' },
        ],
      },
    });
    const run = await runNodes(voiceRun('Hi.'));

    expect(run.result.error).toMatchObject({
      code: 'TTS_REQUEST_REJECTED',
      fault: 'user',
      transient: false,
    });
    expect(run.result.error?.message).toContain('text: Text is longer than 5000 characters');
    expect(fake.requests).toHaveLength(1);
  });

  it('names the voice setting when the voice does not exist', async () => {
    const run = await runNodes(voiceRun('Hi.', { voiceId: 'no-such-voice' }));

    expect(run.result.error).toMatchObject({
      code: 'TTS_VOICE_NOT_FOUND',
      details: { field: 'voiceId' },
    });
  });

  it('retries a rate limit through the engine and then speaks', async () => {
    fake.fail({ status: 429, path: /text-to-speech/ });
    const run = await runNodes(
      voiceRun('Try again.', {}, { voice: { retry: { baseDelayMs: 10 } } }),
    );

    expect(run.result.status).toBe('completed');
    expect(fake.speechRequests).toHaveLength(2);
    expect(run.of('node.retrying', 'voice')[0]?.error).toMatchObject({ code: 'TTS_RATE_LIMITED' });
  });

  it('waits as long as the Retry-After header of a rate limit asks', async () => {
    fake.fail({ status: 429, retryAfter: 1, path: /text-to-speech/ });
    const run = await runNodes(
      voiceRun('Patience.', {}, { voice: { retry: { baseDelayMs: 10 } } }),
    );

    expect(run.result.status).toBe('completed');
    expect(run.of('node.retrying', 'voice')[0]?.delayMs).toBeGreaterThanOrEqual(1000);
  });

  it('fails naming the node and the variable when no key is set, without calling', async () => {
    const run = await runNodes(voiceRun('Hi.', {}, { env: { ELEVENLABS_BASE_URL: fake.url } }));

    expect(run.result.error).toMatchObject({
      code: 'CREDENTIAL_MISSING',
      fault: 'user',
      details: { nodeId: 'voice', variable: 'ELEVENLABS_API_KEY' },
    });
    expect(run.result.error?.message).toContain('Node "voice" (ElevenLabs voice)');
    expect(run.result.error?.message).toContain('ELEVENLABS_API_KEY');
    expect(fake.requests).toHaveLength(0);
  });

  it('gives up after the retry policy when the service keeps failing', async () => {
    fake.fail({ status: 502, path: /text-to-speech/, times: 2 });
    const run = await runNodes(
      voiceRun('Hi.', {}, { voice: { retry: { attempts: 2, baseDelayMs: 10 } } }),
    );

    expect(run.result.error).toMatchObject({ code: 'TTS_SERVER_ERROR', transient: true });
    expect(fake.speechRequests).toHaveLength(2);
  });

  it('fails a broken-off audio stream without keeping a partial file', async () => {
    fake.cutOff({ path: /text-to-speech/, afterBytes: 3000 });
    const run = await runNodes(
      voiceRun(
        'This sentence is long enough to need several chunks of audio.',
        {},
        { voice: { retry: { attempts: 1 } } },
      ),
    );

    expect(run.result.error).toMatchObject({ code: 'TTS_STREAM_CUT', transient: true });
    const kept = (await readdir(run.artifacts.root)).filter((entry) => entry !== 'tmp');
    expect(kept).toEqual([]);
    expect(await readdir(join(run.artifacts.root, 'tmp'))).toEqual([]);
  });

  it('gives up on audio that stops arriving for timeoutSeconds, and tries again', async () => {
    fake.stall({ path: /text-to-speech/, afterBytes: 4096 });
    const run = await runNodes(
      voiceRun(
        'A sentence long enough to take several chunks of audio.',
        { timeoutSeconds: 1 },
        { voice: { retry: { baseDelayMs: 10 } } },
      ),
    );

    expect(run.result.status).toBe('completed');
    expect(fake.speechRequests).toHaveLength(2);
    expect(run.of('node.retrying', 'voice')[0]?.error).toMatchObject({
      code: 'TTS_TIMEOUT',
      details: { nodeId: 'voice', field: 'timeoutSeconds' },
    });
  });

  it('rejects empty text before calling the service', async () => {
    const run = await runNodes(voiceRun('   '));

    expect(run.result.error).toMatchObject({ code: 'TTS_TEXT_EMPTY', details: { field: 'text' } });
    expect(fake.requests).toHaveLength(0);
  });

  it('aborts the request when the run is cancelled', async () => {
    fake.slow(5_000, { path: /text-to-speech/ });
    const run = await startNodes(voiceRun('Never spoken.'));
    await fake.waitForRequests({ path: /text-to-speech/ });
    const began = Date.now();
    run.handle.cancel();

    expect((await run.done).status).toBe('cancelled');
    expect(Date.now() - began).toBeLessThan(900);
  });
});

/** Polls the store's scratch folder until a file there has `bytes`, and returns its size then. */
async function largestScratchFile(artifacts: FolderArtifactStore, bytes: number): Promise<number> {
  const folder = join(artifacts.root, 'tmp');
  const deadline = Date.now() + 5_000;
  let largest = 0;
  while (largest < bytes) {
    if (Date.now() > deadline) throw new Error(`no scratch file reached ${bytes} bytes`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const names = await readdir(folder).catch((): string[] => []);
    const sizes = await Promise.all(
      names.map((name) =>
        stat(join(folder, name)).then(
          (found) => found.size,
          () => 0,
        ),
      ),
    );
    largest = Math.max(0, ...sizes);
  }
  return largest;
}
