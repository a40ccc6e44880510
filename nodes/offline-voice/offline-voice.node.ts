import { rm, stat } from 'node:fs/promises';
import { z } from 'zod';
import { defineNode, operationalError, PipewrightError, userError } from '../../engine/index.ts';
import { ESPEAK, runTool } from '../shared/child-process.ts';
import type { ToolCaller } from '../shared/child-process.ts';

const TITLE = 'Offline voice';

/** A WAV header alone is 44 bytes: anything not longer holds no speech. */
const WAV_HEADER_BYTES = 44;

const settings = z.object({
  voice: z
    .string()
    .regex(
      /^[a-z]{2,3}(-[a-z0-9]+)*(\+[a-z0-9]+)?$/i,
      'must be an espeak-ng voice such as en-us, en-gb, de or en-us+f3',
    )
    .default('en-us')
    .describe('An espeak-ng voice: a language such as en-us or fr, optionally +variant (en+f3).'),
  speed: z.number().int().min(80).max(450).default(165).describe('Words per minute.'),
  pitch: z.number().int().min(0).max(99).default(50).describe('0 is lowest, 99 highest.'),
});

/** Speech from text with espeak-ng on this machine: no account, no network. */
export const offlineVoiceNode = defineNode({
  type: 'voice.offline',
  version: 1,
  title: TITLE,
  category: 'media',
  description:
    'Speaks text with espeak-ng on this machine, so a pipeline runs with no account and no network. Robotic, but free and instant.',
  settings,
  inputs: { text: { type: 'text', description: 'What to say.' } },
  outputs: { audio: { type: 'audio', description: 'The speech as a WAV file.' } },
  run: async ({ text }, { voice, speed, pitch }, context) => {
    const caller: ToolCaller = {
      nodeId: context.nodeId,
      title: TITLE,
      signal: context.signal,
      env: context.env,
    };
    const words = String(text ?? '').trim();
    if (!words) {
      throw userError('TEXT_EMPTY', `Node "${context.nodeId}" (${TITLE}) got no text to speak.`, {
        nodeId: context.nodeId,
        field: 'text',
      });
    }

    const wav = await context.artifacts.scratchPath('wav');
    try {
      // The text goes in on standard input so that no narration is read as a command-line flag.
      const args = ['-v', voice, '-s', String(speed), '-p', String(pitch), '-w', wav, '--stdin'];
      await runTool({ tool: ESPEAK, args, caller, stdin: words }).catch((error: unknown) => {
        throw unknownVoice(error, voice, caller) ?? error;
      });
      await expectSpeech(wav, caller);
      const audio = await context.artifacts.putFile(
        wav,
        { mediaType: 'audio/wav', name: 'speech.wav' },
        { move: true },
      );
      context.progress(1);
      return { audio };
    } finally {
      await rm(wav, { force: true });
    }
  },
});

/** espeak-ng fails the same way for every problem; its message tells a bad voice apart. */
function unknownVoice(error: unknown, voice: string, caller: ToolCaller) {
  if (!(error instanceof PipewrightError) || error.code !== 'TOOL_FAILED') return undefined;
  if (!/voice does not exist/i.test(String(error.details.stderrTail))) return undefined;
  return userError(
    'VOICE_UNKNOWN',
    `Node "${caller.nodeId}" (${TITLE}): espeak-ng has no voice "${voice}". Run "espeak-ng --voices" to list the voices installed.`,
    { nodeId: caller.nodeId, field: 'voice' },
  );
}

async function expectSpeech(wav: string, caller: ToolCaller) {
  const size = await stat(wav).then(
    (found) => found.size,
    () => 0,
  );
  if (size > WAV_HEADER_BYTES) return;
  throw operationalError(
    'VOICE_SILENT',
    `Node "${caller.nodeId}" (${TITLE}): espeak-ng finished but wrote no speech.`,
    { nodeId: caller.nodeId },
  );
}
