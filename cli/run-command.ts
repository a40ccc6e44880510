import { join, resolve } from 'node:path';
import { PipewrightError, startRun } from '../engine/index.ts';
import type { RunEvent, RunResult } from '../engine/index.ts';
import { builtinRegistry } from '../nodes/index.ts';
import { parseArgs, single, UsageError } from './args.ts';
import { formatProblems, loadWorkflowFile } from './load-workflow.ts';
import { openLocalHost } from './local-host.ts';
import type { LocalHost } from './local-host.ts';
import { readInputs } from './run-inputs.ts';
import { formatOutputs, saveMediaOutputs } from './run-outputs.ts';
import { RunView } from './run-view.ts';

const VALUED = ['input', 'input-json', 'out', 'from', 'stop-at', 'concurrency'];
const FLAGS = ['json', 'no-cache'];

/**
 * `pipewright run FILE`: validates, runs with live lines per node, prints the outputs and copies
 * media outputs into a folder. `--json` prints the event stream as NDJSON instead.
 */
export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args, VALUED);
  const [file, extra] = parsed.positional;
  if (!file || extra) throw new UsageError('give exactly one workflow file.');
  const unknown = [...parsed.flags].find((flag) => !FLAGS.includes(flag));
  if (unknown) throw new UsageError(`there is no option --${unknown}.`);
  const concurrency = readConcurrency(single(parsed, 'concurrency'));
  const stopAt = single(parsed, 'stop-at');
  const asJson = parsed.flags.has('json');

  const loaded = await loadWorkflowFile(file, builtinRegistry());
  if (!loaded.ok) {
    process.stderr.write(formatProblems(file, loaded.problems));
    return 2;
  }

  let host: LocalHost;
  try {
    host = await openLocalHost(process.env, loaded.workflow);
  } catch (error) {
    if (!(error instanceof PipewrightError)) throw error;
    process.stderr.write(`pipewright run: ${error.message}\n`);
    return 1;
  }
  try {
    const inputs = await readInputs(
      parsed.options.get('input') ?? [],
      single(parsed, 'input-json'),
      host.artifacts,
    );
    let end: RunEvent | undefined;
    const view = asJson ? undefined : new RunView(loaded.workflow, process.stderr);
    const onEvent = (event: RunEvent) => {
      host.record(event);
      if (isEnd(event)) end = event;
      else if (asJson) process.stdout.write(`${JSON.stringify(event)}\n`);
      view?.onEvent(event);
    };

    const run = startRun({
      workflow: loaded.workflow,
      artifacts: host.artifacts,
      inputs,
      cache: parsed.flags.has('no-cache') ? null : host.cache,
      credentials: host.credentials,
      env: process.env,
      onEvent,
      startFrom: single(parsed, 'from'),
      stopAt,
      concurrency,
    });
    const cancel = () => run.cancel();
    process.once('SIGINT', cancel);
    const result = await run.done;
    process.off('SIGINT', cancel);

    // A run stopped at a node has no Output values yet; what that node made is what was asked for.
    const shown = stopAt ? (result.nodes[stopAt]?.outputs ?? {}) : result.outputs;
    const folder = resolve(single(parsed, 'out') ?? join('pipewright-output', result.runId));
    const saved = await saveMediaOutputs(shown, folder, host.artifacts);
    if (asJson) process.stdout.write(`${JSON.stringify({ ...end, files: saved })}\n`);
    else report(result, { outputs: shown, saved, folder, stopAt });
    return result.status === 'completed' ? 0 : result.status === 'cancelled' ? 130 : 1;
  } catch (error) {
    if (!(error instanceof PipewrightError)) throw error;
    process.stderr.write(`pipewright run: ${error.message}\n`);
    return 1;
  } finally {
    host.close();
  }
}

function readConcurrency(text: string | undefined): number {
  if (text === undefined) return 4;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 64) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 64, not "${text}".`);
  }
  return value;
}

function isEnd(event: RunEvent): boolean {
  return (
    event.type === 'run.completed' || event.type === 'run.failed' || event.type === 'run.cancelled'
  );
}

interface Shown {
  outputs: Record<string, unknown>;
  saved: Record<string, string>;
  folder: string;
  stopAt?: string;
}

function report(result: RunResult, { outputs, saved, folder, stopAt }: Shown) {
  if (result.status === 'failed') {
    const where = result.error?.details.nodeId ? ` at node "${result.error.details.nodeId}"` : '';
    process.stderr.write(`\nRun ${result.runId} failed${where}: ${result.error?.message}\n`);
    return;
  }
  if (result.status === 'cancelled') {
    process.stderr.write(`\nRun ${result.runId} was cancelled.\n`);
    return;
  }
  const seconds = (result.durationMs / 1000).toFixed(1);
  const cost = result.costUsd > 0 ? `, cost $${result.costUsd.toFixed(4)}` : '';
  process.stderr.write(`\nRun ${result.runId} completed in ${seconds} s${cost}.\n`);
  if (stopAt) process.stderr.write(`Outputs of "${stopAt}", where the run stopped:\n`);
  const empty = stopAt
    ? `No outputs ("${stopAt}" sent nothing).\n`
    : 'No outputs (the workflow has no Output node with values).\n';
  process.stdout.write(formatOutputs(outputs, saved, empty));
  if (Object.keys(saved).length > 0) process.stderr.write(`Media saved in ${folder}\n`);
}
