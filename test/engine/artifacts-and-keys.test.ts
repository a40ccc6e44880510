import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cacheKey, sha256 } from '../../engine/index.ts';
import { tempArtifacts } from '../harness/engine-runner.ts';

describe('the artifact folder', () => {
  it('names each file by its sha256 and stores equal content once', async () => {
    const store = await tempArtifacts();
    const first = await store.put('narration bytes', { mediaType: 'audio/wav', name: 'a.wav' });
    const second = await store.put(
      Readable.from([Buffer.from('narration '), Buffer.from('bytes')]),
      {
        mediaType: 'audio/wav',
      },
    );

    expect(first.sha256).toBe(sha256('narration bytes'));
    expect(second.sha256).toBe(first.sha256);
    expect(first).toMatchObject({ kind: 'artifact', id: first.sha256, bytes: 15, name: 'a.wav' });
    expect(store.pathOf(first)).toMatch(new RegExp(`${first.sha256.slice(0, 2)}/${first.sha256}$`));
    expect(await readFile(store.pathOf(first), 'utf8')).toBe('narration bytes');
  });

  it("takes a tool's output file by moving it in", async () => {
    const store = await tempArtifacts();
    const scratch = await store.scratchPath('mp4');
    await import('node:fs/promises').then((fs) => fs.writeFile(scratch, 'video'));
    const ref = await store.putFile(scratch, { mediaType: 'video/mp4' }, { move: true });
    expect(await store.has(ref)).toBe(true);
    await expect(readFile(scratch)).rejects.toThrow();
  });
});

describe('the cache key', () => {
  const ref = (sha: string, name?: string) => ({
    kind: 'artifact',
    id: sha,
    sha256: sha,
    mediaType: 'audio/wav',
    bytes: 3,
    name,
  });

  it('ignores key order and the name of a medium, not its content', () => {
    const a = cacheKey('voice', 1, { speed: 1, pitch: 2 }, { audio: ref('aa', 'one.wav') });
    const b = cacheKey('voice', 1, { pitch: 2, speed: 1 }, { audio: ref('aa', 'two.wav') });
    const c = cacheKey('voice', 1, { pitch: 2, speed: 1 }, { audio: ref('bb') });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it("changes with the node kind's version, its settings and its inputs", () => {
    const base = cacheKey('llm.script', 1, { model: 'm' }, { topic: 'cats' });
    expect(cacheKey('llm.script', 2, { model: 'm' }, { topic: 'cats' })).not.toBe(base);
    expect(cacheKey('llm.script', 1, { model: 'n' }, { topic: 'cats' })).not.toBe(base);
    expect(cacheKey('llm.script', 1, { model: 'm' }, { topic: 'dogs' })).not.toBe(base);
  });
});
