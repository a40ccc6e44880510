import { join, resolve } from 'node:path';
import { userError, validateWorkflow } from '../engine/index.ts';
import type { CompiledWorkflow, NodeRegistry, RunEvent, RunResult } from '../engine/index.ts';
import { rerunPlan, runFromPlan, runOnlyPlan, startRecordedRun } from '../main/store/index.ts';
import type { ReplayPlan, Store } from '../main/store/index.ts';
import { builtinRegistry } from '../nodes/index.ts';
import { single, UsageError } from './args.ts';
import type { ParsedArgs } from './args.ts';
import { formatProblems, loadWorkflowFile } from './load-workflow.ts';
import { formatOutputs, saveMediaOutputs } from './run-outputs.ts';
import { RunView } from './run-view.ts';

export const REPLAY_ACTIONS = ['rerun', 'from', 'only'] as const;
export type ReplayAction = (typeof REPLAY_ACTIONS)[number];

/**
 * `pipewright runs rerun ID`: the past run again, its exact workflow with the same inputs.
 * `pipewright runs from ID NODE`: NODE and what follows it run; every other node's result comes
 * from the past run. `pipewright runs only ID NODE`: NODE alone, fed what it received then.
 * `--file FILE` runs an edited workflow file instead of the one the past run ran, which is how
 * a change to one node is tried on yesterday's inputs without paying for the nodes before it.
 * The new run is recorded with the past run as its parent.
 */
export async function replay(
  store: Store,
  action: ReplayAction,
  parsed: ParsedArgs,
  asJson: boolean,
): Promise<number> {
  const [, runId, nodeId, extra] = parsed.positional;
  if (!runId) throw new UsageError(`give the id of the run to ${action}.`);
  if (action === 'rerun' && nodeId) throw new UsageError(`unexpected "${nodeId}".`);
  if (action !== 'rerun' && (!nodeId || extra))
    throw new UsageError(`give a run id and the id of the node to run ${action}.`);
  if (extra) throw new UsageError(`unexpected "${extra}".`);

  const registry = builtinRegistry();
  const edited = await editedDocument(parsed, registry);
  if (typeof edited === 'number') return edited;
  const plan = planFor(store, action, runId, nodeId, edited?.document);
  const workflow = edited ?? compilePlan(plan, registry);

  const view = asJson ? undefined : new RunView(workflow, process.stderr);
  const run = startRecordedRun(store, {
    workflow,
    inputs: plan.inputs,
    trigger: plan.trigger,
    seed: plan.seed,
    startFrom: plan.startFrom,
    stopAt: plan.stopAt,
    origin: plan.origin,
    parentRunId: plan.parentRunId,
    useCache: !parsed.flags.has('no-cache'),
    env: process.env,
    onEvent: (event: RunEvent) => {
      if (asJson) process.stdout.write(`${JSON.stringify(event)}\n`);
      view?.onEvent(event);
    },
  });
  const cancel = () => run.cancel();
  process.once('SIGINT', cancel);
  const result = await run.done.finally(() => process.off('SIGINT', cancel));
  if (run.recorder.failure) process.stderr.write(`pipewright: ${run.recorder.failure.message}\n`);

  if (!asJson) await report(store, result, plan, single(parsed, 'out'));
  return result.status === 'completed' ? 0 : result.status === 'cancelled' ? 130 : 1;
}

function planFor(
  store: Store,
  action: ReplayAction,
  runId: string,
  nodeId: string | undefined,
  document: CompiledWorkflow['document'] | undefined,
): ReplayPlan {
  const options = document ? { document } : {};
  if (action === 'from') return runFromPlan(store, runId, nodeId!, options);
  if (action === 'only') return runOnlyPlan(store, runId, nodeId!, options);
  return rerunPlan(store, runId, options);
}

/** The workflow of `--file`, compiled; an exit code when it has problems, printed. */
async function editedDocument(
  parsed: ParsedArgs,
  registry: NodeRegistry,
): Promise<CompiledWorkflow | number | undefined> {
  const file = single(parsed, 'file');
  if (file === undefined) return undefined;
  const loaded = await loadWorkflowFile(file, registry);
  if (loaded.ok) return loaded.workflow;
  process.stderr.write(formatProblems(file, loaded.problems));
  return 2;
}

/**
 * The past run's own workflow may no longer pass when a node kind it used has since changed or
 * gone; that is said plainly, node by node, rather than run half-way.
 */
function compilePlan(plan: ReplayPlan, registry: NodeRegistry): CompiledWorkflow {
  const checked = validateWorkflow(plan.document, registry);
  if (checked.ok) return checked.workflow;
  const problems = checked.problems.map((problem) => problem.message).join(' ');
  throw userError(
    'REPLAY_WORKFLOW_INVALID',
    `The workflow that run ${plan.parentRunId} ran no longer passes with the node kinds of this Pipewright (${problems}) Pass the current file with --file.`,
    { runId: plan.parentRunId },
  );
}

async function report(
  store: Store,
  result: RunResult,
  plan: ReplayPlan,
  out: string | undefined,
): Promise<void> {
  const origin = `${plan.origin} of ${plan.parentRunId}`;
  if (result.status === 'failed') {
    const where = result.error?.details.nodeId ? ` at node "${result.error.details.nodeId}"` : '';
    process.stderr.write(
      `\nRun ${result.runId} (${origin}) failed${where}: ${result.error?.message}\n`,
    );
    return;
  }
  if (result.status === 'cancelled') {
    process.stderr.write(`\nRun ${result.runId} (${origin}) was cancelled.\n`);
    return;
  }
  // A node run alone reaches no Output node; what it produced is the answer.
  const outputs =
    plan.origin === 'run-only' ? (result.nodes[plan.stopAt!]?.outputs ?? {}) : result.outputs;
  const folder = resolve(out ?? join('pipewright-output', result.runId));
  const saved = await saveMediaOutputs(outputs, folder, store.artifacts);
  const seconds = (result.durationMs / 1000).toFixed(1);
  const cost = result.costUsd > 0 ? `, cost $${result.costUsd.toFixed(4)}` : '';
  process.stderr.write(`\nRun ${result.runId} (${origin}) completed in ${seconds} s${cost}.\n`);
  process.stdout.write(formatOutputs(outputs, saved));
  if (Object.keys(saved).length > 0) process.stderr.write(`Media saved in ${folder}\n`);
}
