import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderArtifactStore, NodeRegistry } from '../../engine/index.ts';
import { builtinNodes } from '../../nodes/index.ts';
import { compileForService } from '../../service/runtime/create-service.ts';
import { RunRegistry } from '../../service/runtime/run-registry.ts';
import { fixture, testService } from './service-harness.ts';
import type { TestService } from './service-harness.ts';
import { testKinds, throughWorkflow } from './test-kinds.ts';

let service: TestService | undefined;
/** The data folders the registries below made, removed after each test. */
const folders: string[] = [];

afterEach(async () => {
  await service?.close();
  service = undefined;
  await Promise.all(folders.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});

async function registry(options: { maxRemembered?: number; retentionMs?: number } = {}) {
  const workflow = compileForService(
    throughWorkflow('test.sleep', { ms: 1 }),
    new NodeRegistry([...builtinNodes, ...testKinds]),
  );
  const folder = await mkdtemp(join(tmpdir(), 'pw-registry-'));
  folders.push(folder);
  return new RunRegistry({
    workflow,
    artifacts: new FolderArtifactStore(join(folder, 'artifacts')),
    cache: null,
    env: {},
    logger: pino({ level: 'silent' }),
    maxRuns: 4,
    maxQueued: 10,
    retentionMs: options.retentionMs ?? 60_000,
    maxRemembered: options.maxRemembered,
  });
}

async function finish(runs: RunRegistry, text: string) {
  const run = runs.submit({ inputs: { text }, source: 'http' });
  await run.done;
  return run.id;
}

describe('finished runs', () => {
  it('stay readable at the Content-Location of a synchronous answer', async () => {
    service = await testService(await fixture('greeting'));
    const answer = await service.app.inject({
      method: 'POST',
      url: '/run',
      payload: { name: 'Ada' },
    });
    const location = new URL(answer.headers['content-location'] as string).pathname;

    const status = await service.app.inject({ method: 'GET', url: location });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({
      runId: location.split('/').pop(),
      status: 'succeeded',
      outputs: answer.json(),
    });
    expect(Date.parse(status.json().finishedAt)).toBeGreaterThanOrEqual(
      Date.parse(status.json().startedAt),
    );
  });

  it('are remembered with their state, outputs and times, and a settled done', async () => {
    const runs = await registry();
    const id = await finish(runs, 'kept');

    const run = runs.get(id)!;
    expect(run).toMatchObject({ id, source: 'http', state: 'succeeded' });
    expect(run.result).toMatchObject({ status: 'completed', outputs: { text: 'kept' } });
    expect(run.finishedAt!.getTime()).toBeGreaterThanOrEqual(run.createdAt.getTime());
    await expect(run.done).resolves.toMatchObject({ outputs: { text: 'kept' } });
  });

  it('leave oldest first when there are more than maxRemembered', async () => {
    const runs = await registry({ maxRemembered: 2 });
    const ids = [];
    for (const text of ['a', 'b', 'c', 'd']) ids.push(await finish(runs, text));

    expect(ids.map((id) => runs.get(id)?.result?.outputs.text)).toEqual([
      undefined,
      undefined,
      'c',
      'd',
    ]);
  });

  it('leave once older than the retention time', async () => {
    const runs = await registry({ retentionMs: 30 });
    const old = await finish(runs, 'old');
    await sleep(60);
    const recent = await finish(runs, 'recent');

    expect(runs.get(old)).toBeUndefined();
    expect(runs.get(recent)?.state).toBe('succeeded');
  });

  it('do not hold up a drain, which waits for the runs in flight only', async () => {
    const runs = await registry();
    for (const text of ['a', 'b', 'c']) await finish(runs, text);
    const going = runs.submit({ inputs: { text: 'last' }, source: 'http' });

    await runs.drain(10_000);
    expect(runs.get(going.id)?.state).toBe('succeeded');
    expect(runs.inFlight).toBe(0);
  });
});
