import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { NodeRegistry } from '../../engine/index.ts';
import { startStudioServer } from '../../main/api/server.ts';
import { storeBackend } from '../../main/api/store-backend.ts';
import { openStore } from '../../main/store/store.ts';

/**
 * What the studio API's guard (Host, Origin and token checks, security headers) and its
 * artifact route cost: requests per second against a bare Fastify answering the same bytes in
 * the same process, measured one after the other on 127.0.0.1.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const home = await mkdtemp(join(tmpdir(), 'pipewright-bench-api-'));
const store = openStore({ home });
const media = Buffer.alloc(4 * 1024 * 1024, 7);
const ref = await store.artifacts.put(media, { mediaType: 'video/mp4' });

const studio = await startStudioServer({
  backend: storeBackend(store),
  registry: new NodeRegistry(),
  host: 'browser',
});
const bare = Fastify({ logger: false });
const session = JSON.stringify({ app: 'pipewright', version: '0.0.0', host: 'browser' });
bare.get('/api/session', async (_request, reply) => reply.type('application/json').send(session));
bare.get('/range', async (_request, reply) =>
  reply
    .code(206)
    .header('Content-Type', 'video/mp4')
    .send(createReadStream(store.artifacts.pathOf(ref), { start: 0, end: 1024 * 1024 - 1 })),
);
await bare.listen({ host: '127.0.0.1', port: 0 });
const bareOrigin = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;
const auth = { authorization: `Bearer ${studio.token}` };

const rows: [string, number, number][] = [];
/**
 * Each pair is loaded once unmeasured, then three times in turn, and the medians compared: the
 * machine is shared, so one round alone says more about the neighbours than about the code.
 */
async function compare(name: string, baselineUrl: string, studioUrl: string, headers = {}) {
  await load(baselineUrl, {}, 1);
  await load(studioUrl, headers, 1);
  const baseline: number[] = [];
  const measured: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    baseline.push(await load(baselineUrl, {}));
    measured.push(await load(studioUrl, headers));
  }
  rows.push([name, median(baseline), median(measured)]);
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[1]!;
}

await compare(
  'GET /api/session',
  `${bareOrigin}/api/session`,
  `${studio.origin}/api/session`,
  auth,
);
await compare(
  'artifact, 1 MB range',
  `${bareOrigin}/range`,
  `${studio.origin}/api/artifacts/${ref.sha256}?type=video/mp4`,
  { ...auth, range: 'bytes=0-1048575' },
);

for (const [name, baseline, measured] of rows) {
  process.stdout.write(
    `${name.padEnd(22)} bare ${baseline.toFixed(0).padStart(6)} req/s   studio ${measured
      .toFixed(0)
      .padStart(6)} req/s   ratio ${(measured / baseline).toFixed(2)}\n`,
  );
}

await studio.close();
await bare.close();
await rm(home, { recursive: true, force: true });

async function load(
  url: string,
  headers: Record<string, string>,
  duration = SECONDS,
): Promise<number> {
  const result = await autocannon({ url, headers, connections: 10, duration });
  if (result.non2xx > 0) throw new Error(`${url} answered ${result.non2xx} non-2xx responses.`);
  return result.requests.average;
}
