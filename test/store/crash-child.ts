/**
 * Run by crash-recovery.test.ts as its own process: records a run whose fast nodes finish and
 * whose slow node then waits, says so on stdout, and waits to be killed with SIGKILL.
 */
import { openStore, startRecordedRun } from '../../main/store/index.ts';
import { chainDocument, compile } from './store-harness.ts';

const home = process.argv[2]!;
const document = chainDocument();
document.nodes.push({ id: 'slow', type: 'test.slow', position: { x: 0, y: 200 }, settings: {} });
document.edges.push({ from: ['b', 'text'], to: ['slow', 'text'] });
document.edges = document.edges.filter((edge) => edge.to[0] !== 'output' || edge.to[1] !== 'text');
document.edges.push({ from: ['slow', 'text'], to: ['output', 'text'] });

const store = openStore({ home });
startRecordedRun(store, {
  workflow: compile(document),
  inputs: { topic: 'crash' },
  origin: 'test',
  concurrency: 1,
  onEvent: (event) => {
    if (event.type === 'node.started' && event.nodeId === 'slow') {
      process.stdout.write(`SLOW_STARTED ${event.runId}\n`);
    }
  },
});
