import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { z } from 'zod';
import {
  defineNode,
  MemoryCache,
  NodeRegistry,
  startRun,
  validateWorkflow,
} from '../../engine/index.ts';
import type { CompiledWorkflow, NodeDefinition, RunEvent } from '../../engine/index.ts';
import { openStore } from '../../main/store/index.ts';
import type { Store } from '../../main/store/index.ts';

/**
 * The store's costs, each beside a bare better-sqlite3 loop doing the least that work could be,
 * measured in the same process and database settings:
 * - recording a run of 100 nodes (its events replayed into a recorder) against one plain insert
 *   per event;
 * - listing the newest 50 of 100,000 runs, and opening one run with its node results (a run of
 *   five, and the run of 100), against the bare SELECTs;
 * - database bytes per node result against the JSON the result carries.
 */

const NODES = 100;
const RECORDED_RUNS = 40;
const HISTORY_RUNS = 100_000;
const QUERY_REPEATS = 300;

const step = defineNode({
  type: 'bench.step',
  version: 1,
  title: 'Step',
  category: 'data',
  description: 'Adds a sentence to the text and logs once.',
  settings: z.object({ index: z.number() }),
  inputs: { text: { type: 'text', optional: true } },
  outputs: { text: { type: 'text' } },
  run: async ({ text }, { index }, context) => {
    context.log.info('step done', { index });
    return {
      text: `Scene ${index}: the lighthouse keeper climbs the stairs at dusk. ${String(text ?? '').slice(-120)}`,
    };
  },
});

function chain(): CompiledWorkflow {
  const nodes = Array.from({ length: NODES }, (_, index) => ({
    id: `n${index}`,
    type: 'bench.step',
    position: { x: index * 10, y: 0 },
    settings: { index },
  }));
  const edges = nodes.slice(1).map((node, index) => ({
    from: [`n${index}`, 'text'] as [string, string],
    to: [node.id, 'text'] as [string, string],
  }));
  const registry = new NodeRegistry([step] as unknown as NodeDefinition<never>[]);
  const result = validateWorkflow(
    { format: 1, id: 'bench', name: 'Bench', version: '1.0.0', nodes, edges },
    registry,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.workflow;
}

async function captureEvents(workflow: CompiledWorkflow): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const home = mkdtempSync(join(tmpdir(), 'pw-bench-events-'));
  const store = openStore({ home });
  const run = startRun({
    workflow,
    artifacts: store.artifacts,
    cache: new MemoryCache(),
    concurrency: 1,
    onEvent: (event) => events.push(event),
  });
  await run.done;
  store.close();
  rmSync(home, { recursive: true, force: true });
  return events;
}

function usedBytes(db: Sqlite.Database): number {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  return (pages - free) * (db.pragma('page_size', { simple: true }) as number);
}

function recordRuns(
  store: Store,
  workflow: CompiledWorkflow,
  events: RunEvent[],
  runs: number,
  prefix: string,
) {
  const started = performance.now();
  for (let index = 0; index < runs; index++) {
    const runId = `run_${prefix}_${index}`;
    const recorder = store.recorder({ document: workflow.document, origin: 'test' });
    for (const event of events) recorder.record({ ...event, runId });
    if (recorder.failure) throw recorder.failure;
  }
  return (performance.now() - started) / runs;
}

function bareInserts(file: string, events: RunEvent[], runs: number) {
  const db = new Sqlite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE events (run_id TEXT, seq INTEGER, body TEXT, PRIMARY KEY (run_id, seq))');
  const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?)');
  const started = performance.now();
  for (let index = 0; index < runs; index++) {
    for (const event of events) insert.run(`run_${index}`, event.seq, JSON.stringify(event));
  }
  const perRun = (performance.now() - started) / runs;
  db.close();
  return perRun;
}

/** Runs of five node results each, written in one transaction, until the store holds 100,000. */
function fillHistory(store: Store) {
  const held = (store.db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n;
  const document = store.db.prepare('SELECT sha256 FROM documents LIMIT 1').get() as {
    sha256: string;
  };
  const run = store.db.prepare(
    `INSERT INTO runs (id, workflow_id, workflow_name, document_sha256, origin, status, inputs,
       outputs, cost_usd, started_at, ended_at, duration_ms, owner_pid, owner_host, owner_token)
     VALUES (?, 'bench', 'Bench', ?, 'cli', 'completed', '{"topic":"lighthouses"}',
       '{"text":"done"}', 0.01, ?, ?, 1200, 1, 'bench', 'bench')`,
  );
  const node = store.db.prepare(
    `INSERT INTO node_results (run_id, node_id, node_type, status, inputs, outputs, attempts,
       cost_usd, started_at, ended_at, duration_ms)
     VALUES (?, ?, 'bench.step', 'completed', '{"text":"in"}', ?, 1, 0.002, ?, ?, 240)`,
  );
  const base = Date.now() - HISTORY_RUNS * 60_000;
  store.db.transaction(() => {
    for (let index = 0; index < HISTORY_RUNS - held; index++) {
      const id = `run_hist_${String(index).padStart(6, '0')}`;
      const at = base + index * 60_000;
      run.run(id, document.sha256, at, at + 1200);
      for (let n = 0; n < 5; n++)
        node.run(id, `n${n}`, `{"text":"output ${n} of ${id}"}`, at, at + 240);
    }
  })();
}

function timeEach(repeats: number, work: (index: number) => void): number {
  const started = performance.now();
  for (let index = 0; index < repeats; index++) work(index);
  return (performance.now() - started) / repeats;
}

const workflow = chain();
const events = await captureEvents(workflow);
const home = mkdtempSync(join(tmpdir(), 'pw-bench-store-'));
try {
  const store = openStore({ home });
  recordRuns(store, workflow, events, 3, 'warm');
  bareInserts(join(home, 'warm.db'), events, 3);

  const before = usedBytes(store.db);
  const recordMs = recordRuns(store, workflow, events, RECORDED_RUNS, 'bench');
  const bareMs = bareInserts(join(home, 'bare.db'), events, RECORDED_RUNS);
  const bytesPerResult = (usedBytes(store.db) - before) / (RECORDED_RUNS * NODES);
  const payload =
    events
      .filter((event) => event.type === 'node.completed' || event.type === 'node.started')
      .reduce(
        (sum, event) =>
          sum + JSON.stringify('outputs' in event ? event.outputs : event.inputs).length,
        0,
      ) / NODES;

  fillHistory(store);
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const listMs = timeEach(QUERY_REPEATS, () => store.runs.list({ limit: 50 }));
  const bareList = store.db.prepare(
    'SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT 50',
  );
  const bareListMs = timeEach(QUERY_REPEATS, () => bareList.all());
  const ids = (
    store.db.prepare('SELECT id FROM runs ORDER BY random() LIMIT ?').all(QUERY_REPEATS) as {
      id: string;
    }[]
  ).map((row) => row.id);
  const openMs = timeEach(QUERY_REPEATS, (index) => store.runs.get(ids[index]!));
  const bareRun = store.db.prepare('SELECT * FROM runs WHERE id = ?');
  const bareNodes = store.db.prepare('SELECT * FROM node_results WHERE run_id = ?');
  const bareOpenMs = timeEach(QUERY_REPEATS, (index) => {
    bareRun.get(ids[index]!);
    bareNodes.all(ids[index]!);
  });
  const wideId = 'run_bench_0';
  const openWideMs = timeEach(QUERY_REPEATS, () => store.runs.get(wideId));
  const bareOpenWideMs = timeEach(QUERY_REPEATS, () => {
    bareRun.get(wideId);
    bareNodes.all(wideId);
  });
  const totalRuns = (store.db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n;
  store.close();

  const row = (what: string, value: string, baseline: string, ratio: number) =>
    `${what.padEnd(44)} ${value.padStart(12)} ${baseline.padStart(12)} ${ratio.toFixed(2).padStart(7)}x`;
  console.log(
    `${'measure'.padEnd(44)} ${'store'.padStart(12)} ${'bare loop'.padStart(12)} ${'ratio'.padStart(8)}`,
  );
  console.log(
    row(
      `record a run of ${NODES} nodes (${events.length} events)`,
      `${recordMs.toFixed(2)} ms`,
      `${bareMs.toFixed(2)} ms`,
      recordMs / bareMs,
    ),
  );
  console.log(
    row(
      `list newest 50 of ${totalRuns} runs`,
      `${(listMs * 1000).toFixed(0)} us`,
      `${(bareListMs * 1000).toFixed(0)} us`,
      listMs / bareListMs,
    ),
  );
  console.log(
    row(
      `open one run (5 node results) of ${totalRuns}`,
      `${(openMs * 1000).toFixed(0)} us`,
      `${(bareOpenMs * 1000).toFixed(0)} us`,
      openMs / bareOpenMs,
    ),
  );
  console.log(
    row(
      `open the run of ${NODES} node results`,
      `${(openWideMs * 1000).toFixed(0)} us`,
      `${(bareOpenWideMs * 1000).toFixed(0)} us`,
      openWideMs / bareOpenWideMs,
    ),
  );
  console.log(
    row(
      'database bytes per node result (vs its JSON)',
      `${bytesPerResult.toFixed(0)} B`,
      `${payload.toFixed(0)} B`,
      bytesPerResult / payload,
    ),
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
