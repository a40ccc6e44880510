import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import { defineNode, transientError, userError } from '../../engine/index.ts';
import type { ArtifactRef, NodeContext } from '../../engine/index.ts';
import { idleTimeout } from '../shared/idle-timeout.ts';
import type { IdleTimeout } from '../shared/idle-timeout.ts';
import { fromElevenLabsError } from './elevenlabs-errors.ts';
import { audioFileOf } from './output-formats.ts';
import { storeAsWav } from './pcm-wav.ts';
import { elevenLabsVoiceSettings } from './settings.ts';
import type { ElevenLabsVoiceSettings } from './settings.ts';

/** Speaks text with an ElevenLabs voice and keeps the audio as an artifact. */
export const elevenLabsVoiceNode = defineNode({
  type: 'elevenlabs.voice',
  version: 2,
  title: 'ElevenLabs voice',
  category: 'media',
  description:
    'Turns text into natural speech with an ElevenLabs voice. The audio streams straight into the artifact store.',
  settings: elevenLabsVoiceSettings,
  inputs: { text: { type: 'text', description: 'What the voice says.' } },
  outputs: { audio: { type: 'audio', description: 'The spoken text.' } },
  credentials: [
    {
      id: 'elevenlabs',
      title: 'ElevenLabs API key',
      env: 'ELEVENLABS_API_KEY',
      baseUrlEnv: 'ELEVENLABS_BASE_URL',
    },
  ],
  run: async (inputs, settings, context) => {
    const text = String(inputs.text ?? '').trim();
    if (!text) {
      throw userError(
        'TTS_TEXT_EMPTY',
        `Node "${context.nodeId}" (ElevenLabs voice) received empty text; there is nothing to speak.`,
        { nodeId: context.nodeId, field: 'text' },
      );
    }

    const credential = await context.credential('elevenlabs');
    const client = new ElevenLabsClient({
      apiKey: credential.secret,
      baseUrl: credential.baseUrl,
      maxRetries: 0,
    });
    const idle = idleTimeout(context.signal, settings.timeoutSeconds * 1000);
    try {
      const audio = await speak(client, text, settings, context, idle);
      meterCharacters(audio.characters, settings, context);
      return { audio: audio.ref };
    } catch (error) {
      if (idle.fired) throw silentService(context.nodeId, settings.timeoutSeconds, error);
      throw fromElevenLabsError(error, context.nodeId, settings.voiceId);
    } finally {
      idle.clear();
    }
  },
});

async function speak(
  client: ElevenLabsClient,
  text: string,
  settings: ElevenLabsVoiceSettings,
  context: NodeContext,
  idle: IdleTimeout,
): Promise<{ ref: ArtifactRef; characters: number }> {
  const { data, rawResponse } = await client.textToSpeech
    .stream(
      settings.voiceId,
      {
        text,
        modelId: settings.modelId,
        outputFormat: settings.outputFormat,
        languageCode: settings.languageCode,
        voiceSettings: voiceSettingsOf(settings),
      },
      { abortSignal: idle.signal, maxRetries: 0 },
    )
    .withRawResponse();

  const file = audioFileOf(settings.outputFormat);
  let ref: ArtifactRef;
  try {
    ref =
      file.kind === 'pcm'
        ? await storeAsWav(context.artifacts, chunksOf(data, idle.touch), file.sampleRate)
        : await context.artifacts.put(chunksOf(data, idle.touch), file.meta);
  } catch (error) {
    if (context.signal.aborted) throw error;
    throw transientError(
      'TTS_STREAM_CUT',
      `Node "${context.nodeId}" (ElevenLabs voice): the audio stream broke off before it ended; no audio was kept.`,
      { nodeId: context.nodeId },
      error,
    );
  }
  const billed = Number(rawResponse.headers.get('character-cost'));
  return { ref, characters: Number.isFinite(billed) && billed > 0 ? billed : text.length };
}

/** Left out, speed keeps the voice's own; the SDK would otherwise send it as null. */
function voiceSettingsOf(settings: ElevenLabsVoiceSettings) {
  return {
    stability: settings.stability,
    similarityBoost: settings.similarityBoost,
    style: settings.style,
    useSpeakerBoost: settings.speakerBoost,
    ...(settings.speed === undefined ? {} : { speed: settings.speed }),
  };
}

/**
 * The response body as an async iterable, so that the store writes it chunk by chunk. Each chunk
 * is reported to `received`, which restarts the idle time-out.
 */
async function* chunksOf(
  stream: ReadableStream<Uint8Array>,
  received: () => void,
): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  let finished = false;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      received();
      yield read.value;
    }
    finished = true;
  } finally {
    // A write that failed leaves the download half read: close it so the socket is let go. A
    // stream that broke by itself rejects the cancel with the error already being reported.
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}

function silentService(nodeId: string, seconds: number, cause: unknown) {
  return transientError(
    'TTS_TIMEOUT',
    `Node "${nodeId}" (ElevenLabs voice): ElevenLabs sent nothing for ${seconds} seconds; the request was given up.`,
    { nodeId, field: 'timeoutSeconds' },
    cause,
  );
}

function meterCharacters(
  characters: number,
  settings: ElevenLabsVoiceSettings,
  context: NodeContext,
) {
  context.cost.add({
    usd: (characters * settings.pricePer1000Characters) / 1000,
    unit: 'characters',
    quantity: characters,
    note: settings.modelId,
  });
}
