import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../../main/api/types.ts';
import { judgeConnection, makesCycle } from '../../renderer/src/canvas/connection-rules.ts';
import type { NodePorts } from '../../renderer/src/store/catalogue-store.ts';

const accepts = {
  text: ['number', 'boolean'],
  number: [],
  boolean: [],
  json: ['text', 'number', 'boolean', 'telegram-message'],
  image: [],
  audio: [],
  video: [],
  file: ['image', 'audio', 'video'],
  'telegram-message': [],
  any: [],
} as unknown as Catalogue['accepts'];

const ports: Record<string, NodePorts> = {
  voice: { inputs: { text: { type: 'text' } }, outputs: { audio: { type: 'audio' } } },
  render: {
    inputs: { narration: { type: 'audio' }, captions: { type: 'text' } },
    outputs: { video: { type: 'video' } },
  },
  save: { inputs: { file: { type: 'file' } }, outputs: {} },
};
const judge = (source: string, sourceHandle: string, target: string, targetHandle: string) =>
  judgeConnection({ source, sourceHandle, target, targetHandle }, { accepts }, (id) => ports[id]);

describe('connection rules', () => {
  it('accepts an output into an input of the same type or one that takes it', () => {
    expect(judge('voice', 'audio', 'render', 'narration')).toEqual({ ok: true });
    expect(judge('render', 'video', 'save', 'file')).toEqual({ ok: true });
  });

  it('refuses audio into a text input and says which ports and types clash', () => {
    const verdict = judge('voice', 'audio', 'render', 'captions');
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toBe(
      'voice.audio is an audio output; render.captions takes a text input.',
    );
  });

  it('refuses a node feeding itself and spots a loop', () => {
    expect(judge('voice', 'audio', 'voice', 'text').ok).toBe(false);
    const edges = [
      { source: 'a', target: 'b' },
      { source: 'b', target: 'c' },
    ];
    expect(makesCycle('c', 'a', edges)).toBe(true);
    expect(makesCycle('a', 'c', edges)).toBe(false);
  });
});
