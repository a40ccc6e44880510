import { describe, expect, it } from 'vitest';
import { canConnect, PORT_TYPES } from '../../engine/index.ts';
import type { PortType } from '../../engine/index.ts';
import {
  bareKind,
  compile,
  countingKinds,
  record,
  registryWith,
  sketch,
  tempArtifacts,
} from '../harness/engine-runner.ts';

const MEDIA: PortType[] = ['image', 'audio', 'video'];

describe('port types', () => {
  it('connects each type to itself and "any" to everything', () => {
    for (const type of PORT_TYPES) {
      expect(canConnect(type, type)).toEqual({ ok: true });
      expect(canConnect('any', type)).toEqual({ ok: true });
    }
  });

  it('lets scalars into text and json, and every medium into a file input', () => {
    expect(canConnect('number', 'text').ok).toBe(true);
    expect(canConnect('boolean', 'text').ok).toBe(true);
    expect(canConnect('telegram-message', 'json').ok).toBe(true);
    for (const medium of MEDIA) expect(canConnect(medium, 'file').ok).toBe(true);
  });

  it('refuses media into text, one medium into another, and a file into a narrower medium', () => {
    expect(canConnect('audio', 'text')).toEqual({
      ok: false,
      reason: 'an audio output cannot feed a text input',
    });
    expect(canConnect('image', 'video').ok).toBe(false);
    expect(canConnect('file', 'image').ok).toBe(false);
    expect(canConnect('text', 'number').ok).toBe(false);
    expect(canConnect('json', 'text').ok).toBe(false);
  });
});

describe('values on ports at run time', () => {
  it('hands a number wired into a text input over as its printed form', async () => {
    const count = bareKind('test.count', async () => ({ n: 42 }), {
      outputs: { n: { type: 'number' } },
    });
    const text = countingKinds();
    const document = sketch(
      [
        { id: 'count', type: 'test.count' },
        { id: 'say', type: 'test.append', settings: { suffix: '!' } },
      ],
      ['count.n -> say.text'],
    );
    const run = record({
      workflow: compile(document, registryWith(count, ...text.kinds)),
      artifacts: await tempArtifacts(),
      cache: null,
    });
    const result = await run.handle.done;

    expect(run.of('node.started', 'say')[0]!.inputs.text).toBe('42');
    expect(result.nodes.say!.outputs).toEqual({ text: '42!' });
  });

  it('fails a node whose output does not fit its declared port, naming the node and port', async () => {
    const liar = bareKind('test.liar', async () => ({ n: 'forty-two' }), {
      outputs: { n: { type: 'number' } },
    });
    const run = record({
      workflow: compile(sketch([{ id: 'liar', type: 'test.liar' }]), registryWith(liar)),
      artifacts: await tempArtifacts(),
      cache: null,
    });
    const result = await run.handle.done;

    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'INVALID_OUTPUT', details: { nodeId: 'liar' } });
    expect(result.error?.message).toContain('"n" that is not number');
  });
});
