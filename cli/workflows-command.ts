import { serializeWorkflow } from '../engine/index.ts';
import { formatDiff, pinFromRun, unpinNode } from '../main/store/index.ts';
import type { Store, VersionInfo } from '../main/store/index.ts';
import { builtinRegistry } from '../nodes/index.ts';
import { parseArgs, single, UsageError } from './args.ts';
import { withStore } from './with-store.ts';
import type { ParsedArgs } from './args.ts';
import { formatProblems, loadWorkflowFile } from './load-workflow.ts';
import { formatTime, table } from './text-table.ts';

/** Each action and the words it takes after its name. */
const ACTIONS: Record<string, { words: string[]; optional?: number }> = {
  list: { words: [] },
  save: { words: ['FILE'] },
  versions: { words: ['ID'] },
  show: { words: ['ID'] },
  diff: { words: ['ID', 'FROM', 'TO'], optional: 1 },
  restore: { words: ['ID', 'VERSION'] },
  pin: { words: ['ID', 'NODE', 'RUN'] },
  unpin: { words: ['ID', 'NODE'] },
};

/**
 * The saved workflows of the data folder (those the studio saves, and files saved here) and
 * their history: every save is a version, which can be listed, shown, compared and restored.
 * `pin` fixes a node's outputs to what it produced in any past run; that too is a new version.
 */
export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['message', 'version']);
  const [action = 'list', ...words] = parsed.positional;
  const unknown = [...parsed.flags].find((flag) => flag !== 'json');
  if (unknown) throw new UsageError(`there is no option --${unknown}.`);
  const spec = ACTIONS[action];
  if (!spec) throw new UsageError(`unknown action "${action}".`);
  const least = spec.words.length - (spec.optional ?? 0);
  if (words.length < least || words.length > spec.words.length) {
    throw new UsageError(`${action} takes ${spec.words.join(' ')}.`);
  }

  return withStore('workflows', (store) => perform(store, action, words, parsed));
}

async function perform(
  store: Store,
  action: string,
  words: string[],
  parsed: ParsedArgs,
): Promise<number> {
  const asJson = parsed.flags.has('json');
  const [id, second, third] = words as [string, string | undefined, string | undefined];
  switch (action) {
    case 'save':
      return save(store, id, single(parsed, 'message'));
    case 'versions':
      return versions(store, id, asJson);
    case 'show': {
      const version = single(parsed, 'version');
      const document = store.workflows.show(id, version ? versionNumber(version) : undefined);
      process.stdout.write(serializeWorkflow(document));
      return 0;
    }
    case 'diff':
      return diff(store, id, versionNumber(second!), third, asJson);
    case 'restore':
      return saved(store.workflows.restore(id, versionNumber(second!)));
    case 'pin':
      return saved(pinFromRun(store, id, third!, second!));
    case 'unpin':
      return saved(unpinNode(store, id, second!));
    default:
      return list(store, asJson);
  }
}

function list(store: Store, asJson: boolean): number {
  const workflows = store.workflows.list();
  if (asJson) {
    process.stdout.write(`${JSON.stringify(workflows, null, 2)}\n`);
    return 0;
  }
  if (workflows.length === 0) {
    process.stdout.write(`No workflows saved yet in ${store.home}.\n`);
    return 0;
  }
  const rows = workflows.map((item) => [
    item.id,
    String(item.headVersion),
    formatTime(item.updatedAt),
    item.name,
  ]);
  process.stdout.write(table(['WORKFLOW', 'VERSION', 'SAVED', 'NAME'], rows));
  return 0;
}

/** Saves a workflow file as the next version, once it passes validation in full. */
async function save(store: Store, file: string, message: string | undefined): Promise<number> {
  const loaded = await loadWorkflowFile(file, builtinRegistry());
  if (!loaded.ok) {
    process.stderr.write(formatProblems(file, loaded.problems));
    return 2;
  }
  return saved(store.workflows.save(loaded.workflow.document, message ? { message } : {}));
}

function versions(store: Store, id: string, asJson: boolean): number {
  const history = store.workflows.versions(id);
  if (asJson) {
    process.stdout.write(`${JSON.stringify(history, null, 2)}\n`);
    return 0;
  }
  const rows = history.map((item) => [
    String(item.version),
    formatTime(item.createdAt),
    item.message ?? '',
  ]);
  process.stdout.write(table(['VERSION', 'SAVED', 'MESSAGE'], rows));
  return 0;
}

/** From one version to another, the latest when the second is not given. */
function diff(
  store: Store,
  id: string,
  from: number,
  toText: string | undefined,
  asJson: boolean,
): number {
  const to =
    toText === undefined ? store.workflows.versions(id)[0]!.version : versionNumber(toText);
  const changes = store.workflows.diff(id, from, to);
  if (asJson) process.stdout.write(`${JSON.stringify({ from, to, ...changes }, null, 2)}\n`);
  else process.stdout.write(`${id}: version ${from} -> ${to}\n${formatDiff(changes)}\n`);
  return 0;
}

function saved(info: VersionInfo): number {
  const message = info.message ? `: ${info.message}` : '';
  process.stderr.write(`Saved ${info.workflowId} as version ${info.version}${message}\n`);
  return 0;
}

function versionNumber(text: string): number {
  const version = Number(text);
  if (Number.isInteger(version) && version >= 1) return version;
  throw new UsageError(`"${text}" is not a version number (1, 2, ...).`);
}
