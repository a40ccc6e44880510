import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../cli/args.ts';
import { readInputs } from '../../cli/run-inputs.ts';
import { tempArtifacts } from '../harness/engine-runner.ts';

describe('run inputs from the command line', () => {
  it('takes --input-json, lets --input pairs override it, and keeps text after the first =', async () => {
    const inputs = await readInputs(
      ['title=a=b', 'count=3'],
      '{"count": 1, "tags": ["x"]}',
      await tempArtifacts(),
    );
    expect(inputs).toEqual({ title: 'a=b', count: '3', tags: ['x'] });
  });

  it('stores name=@file as a media artifact with its type from the extension', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pipewright-inputs-'));
    const file = join(folder, 'voice.wav');
    await writeFile(file, Buffer.from('RIFF....WAVE'));
    const artifacts = await tempArtifacts();
    const { voice } = await readInputs([`voice=@${file}`], undefined, artifacts);

    expect(voice).toMatchObject({ mediaType: 'audio/wav', bytes: 12 });
    expect(await artifacts.has(voice as never)).toBe(true);
  });

  it.each([
    [['no-equals'], undefined, 'must look like name=value'],
    [['=value'], undefined, 'must look like name=value'],
    [['clip=@/no/such/file.mp4'], undefined, 'no such file'],
    [[], '{not json', '--input-json is not valid JSON'],
    [[], '[1, 2]', 'must be a JSON object'],
  ])('refuses %j %j as a usage error', async (pairs, json, message) => {
    const reading = readInputs(pairs, json, await tempArtifacts());
    await expect(reading).rejects.toBeInstanceOf(UsageError);
    await expect(reading).rejects.toThrow(message);
  });
});
