/**
 * Run by two-processes.test.ts, two at a time on one data folder: saves workflow versions,
 * saves a credential and records runs, as a studio and a CLI command might side by side.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, startRecordedRun } from '../../main/store/index.ts';
import { chainDocument, compile } from './store-harness.ts';

const [home, label, countText] = process.argv.slice(2) as [string, string, string];
const count = Number(countText);

const store = openStore({ home });
// Both processes start writing together once the test sees them ready, so that writes overlap.
process.stdout.write('READY\n');
while (count > 0 && !existsSync(join(home, 'go'))) {
  await new Promise((resolve) => setTimeout(resolve, 10));
}
store.credentials.set(`key-${label}`, `sk-${label}-secret-value`);
for (let index = 0; index < count; index++) {
  const document = chainDocument({ a: `-${label}-${index}` });
  const version = store.workflows.save(document);
  const run = startRecordedRun(store, {
    workflow: compile(document),
    workflowVersion: version.version,
    inputs: { topic: `${label}-${index % 3}` },
    origin: 'test',
  });
  const result = await run.done;
  if (result.status !== 'completed' || run.recorder.failure) {
    process.stderr.write(`run ${index} ${result.status} ${run.recorder.failure?.message ?? ''}\n`);
    process.exitCode = 1;
  }
}
store.close();
process.stdout.write('DONE\n');
