import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { ArtifactRef } from '../../engine/index.ts';
import { removeTemporaryStores, runNodes } from '../harness/node-runner.ts';
import type { NodeRunOptions } from '../harness/node-runner.ts';
import { probe } from '../harness/media-fixtures.ts';

afterAll(removeTemporaryStores);

/** Input text → offline voice → Output audio. */
function speak(
  text: string,
  settings: Record<string, unknown> = {},
  env: Record<string, string> = {},
): NodeRunOptions {
  return {
    nodes: [
      { id: 'in', type: 'input', settings: { fields: [{ name: 'text', type: 'text' }] } },
      { id: 'voice', type: 'voice.offline', settings },
      { id: 'out', type: 'output', settings: { fields: [{ name: 'audio', type: 'audio' }] } },
    ],
    edges: [
      ['in.text', 'voice.text'],
      ['voice.audio', 'out.audio'],
    ],
    inputs: { text },
    env,
  };
}

async function spokenSeconds(run: Awaited<ReturnType<typeof runNodes>>): Promise<number> {
  const audio = run.result.outputs.audio as ArtifactRef;
  const info = await probe(run.artifacts.pathOf(audio));
  expect(info.streams.map((stream) => stream.kind)).toEqual(['audio']);
  return info.duration;
}

/** Real encodes: quick on an idle machine, slow on a busy shared one. */
const MEDIA_TIMEOUT_MS = 120_000;

describe('offline voice (espeak-ng)', { timeout: MEDIA_TIMEOUT_MS }, () => {
  it('speaks text into a WAV artifact whose duration is above zero', async () => {
    const run = await runNodes(speak('The lighthouse keeper climbs the stairs at dusk.'));

    expect(run.result.status).toBe('completed');
    const audio = run.result.outputs.audio as ArtifactRef;
    expect(audio.mediaType).toBe('audio/wav');
    const header = await readFile(run.artifacts.pathOf(audio));
    expect(header.subarray(0, 4).toString()).toBe('RIFF');
    expect(await spokenSeconds(run)).toBeGreaterThan(1);
  });

  it('speaks longer text for longer and a higher speed for shorter', async () => {
    const sentence = 'Waves break on the rocks below the tower. ';
    const once = await spokenSeconds(await runNodes(speak(sentence)));
    const thrice = await spokenSeconds(await runNodes(speak(sentence.repeat(3))));
    const fast = await spokenSeconds(await runNodes(speak(sentence.repeat(3), { speed: 400 })));

    expect(thrice).toBeGreaterThan(once * 2.5);
    expect(fast).toBeLessThan(thrice * 0.6);
  });

  it('speaks differently for another pitch and another voice', async () => {
    const sentence = 'The lamp turns all night.';
    const shaOf = async (settings: Record<string, unknown>) =>
      ((await runNodes(speak(sentence, settings))).result.outputs.audio as ArtifactRef).sha256;
    const plain = await shaOf({});

    expect(await shaOf({})).toBe(plain);
    expect(await shaOf({ pitch: 90 })).not.toBe(plain);
    expect(await shaOf({ voice: 'en-gb' })).not.toBe(plain);
  });

  it('reads text that looks like a command-line flag as words to say', async () => {
    const run = await runNodes(speak('--version -w /etc/passwd'));

    expect(run.result.status).toBe('completed');
    expect(await spokenSeconds(run)).toBeGreaterThan(0.5);
  });

  it('refuses empty text with a user error naming the node and the text input', async () => {
    const run = await runNodes(speak('   '));

    expect(run.result.status).toBe('failed');
    expect(run.result.error).toMatchObject({
      code: 'TEXT_EMPTY',
      fault: 'user',
      details: { nodeId: 'voice', field: 'text' },
    });
  });

  it('names the voice setting when espeak-ng has no such voice', async () => {
    const run = await runNodes(speak('Hello.', { voice: 'zz-nowhere' }));

    expect(run.result.error).toMatchObject({
      code: 'VOICE_UNKNOWN',
      fault: 'user',
      details: { nodeId: 'voice', field: 'voice' },
    });
    expect(run.result.error?.message).toContain('espeak-ng --voices');
  });

  it('rejects a voice that is not a voice name before anything runs', async () => {
    const refused = await runNodes(speak('Hello.', { voice: '-w /tmp/x' })).catch(String);

    expect(refused).toContain('nodes[1].settings.voice');
    expect(refused).toContain('must be an espeak-ng voice');
  });

  it('says which Debian package to install when espeak-ng is missing', async () => {
    const missing = '/nonexistent/espeak-ng';
    const run = await runNodes(speak('Hello.', {}, { PIPEWRIGHT_ESPEAK: missing }));

    expect(run.result.status).toBe('failed');
    expect(run.result.error).toMatchObject({
      code: 'TOOL_MISSING',
      fault: 'operational',
      transient: false,
      details: { nodeId: 'voice', path: missing, variable: 'PIPEWRIGHT_ESPEAK' },
    });
    expect(run.result.error?.message).toContain('apt-get install espeak-ng');
    expect(run.result.error?.message).toContain('Node "voice" (Offline voice)');
    expect(run.of('node.started', 'voice')).toHaveLength(1);
  });
});
