import { readFile } from 'node:fs/promises';
import { PipewrightError, validateWorkflow } from '../engine/index.ts';
import type { CompiledWorkflow } from '../engine/index.ts';
import { checkVersion, diffContracts, requiredBump } from '../service/contract/diff.ts';
import type { ContractChange, VersionBump, VersionCheck } from '../service/contract/diff.ts';
import { generateContract, serializeContract } from '../service/contract/generate.ts';
import type { ContractOptions } from '../service/contract/generate.ts';
import { parseArgs, single, UsageError } from './args.ts';
import { formatProblems } from './load-workflow.ts';

/**
 * `pipewright contract show FILE [--api-key] [--server URL]` prints the OpenAPI contract a
 * workflow exports to. `pipewright contract diff OLD NEW [--json]` lists what changed between
 * two contracts, breaking changes first, with the version step they need; either side may be
 * a contract (`openapi.json`) or a workflow file, whose contract is generated with the same
 * options. Exit codes: 0 fine, 1 breaking changes, 2 a file that cannot be used.
 */
export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['server']);
  const [action, ...files] = parsed.positional;
  const options: ContractOptions = { apiKey: parsed.flags.has('api-key') };
  const server = single(parsed, 'server');
  if (server) options.serverUrl = server;

  try {
    if (action === 'show') return await show(files, options);
    if (action === 'diff') return await diff(files, options, parsed.flags.has('json'));
  } catch (error) {
    if (error instanceof Unusable) {
      process.stderr.write(error.message);
      return 2;
    }
    if (!(error instanceof PipewrightError)) throw error;
    process.stderr.write(`pipewright contract: ${error.message}\n`);
    return 2;
  }
  throw new UsageError(action ? `unknown action "${action}".` : 'say show or diff.');
}

async function show(files: string[], options: ContractOptions): Promise<number> {
  const [file, extra] = files;
  if (!file || extra) throw new UsageError('contract show takes one workflow file.');

  const raw = await readJson(file);
  if (isContract(raw)) throw new UsageError(`${file} is a contract already, not a workflow.`);
  const contract = generateContract(await compile(file, raw), options);
  process.stdout.write(serializeContract(contract));
  return 0;
}

async function diff(files: string[], options: ContractOptions, json: boolean): Promise<number> {
  const [oldFile, newFile, extra] = files;
  if (!oldFile || !newFile || extra) throw new UsageError('contract diff takes OLD and NEW.');

  const before = await contractOf(oldFile, options);
  const after = await contractOf(newFile, options);
  const changes = ordered(diffContracts(before, after));
  const bump = requiredBump(changes);
  const versions = versionCheck(before, after, changes);
  const breaking = changes.filter((change) => change.kind === 'breaking').length;

  if (json) {
    const report = { changes, requiredBump: bump, breaking, version: versions };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    process.stdout.write(formatChanges(changes, bump, versions));
  }
  return breaking > 0 ? 1 : 0;
}

/** A contract file as it is, or the contract a workflow file exports to. */
async function contractOf(file: string, options: ContractOptions): Promise<unknown> {
  const raw = await readJson(file);
  if (isContract(raw)) return raw;
  return generateContract(await compile(file, raw), options);
}

async function compile(file: string, raw: unknown): Promise<CompiledWorkflow> {
  if (!isRecord(raw) || !('nodes' in raw)) {
    throw new Unusable(
      `pipewright contract: ${file} is neither an OpenAPI contract nor a workflow.\n`,
    );
  }
  // The node catalogue loads every SDK; a diff of two contract files does without it.
  const { builtinRegistry } = await import('../nodes/index.ts');
  const result = validateWorkflow(raw, builtinRegistry());
  if (!result.ok) throw new Unusable(formatProblems(file, result.problems));
  return result.workflow;
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : String(error);
    throw new Unusable(`pipewright contract: cannot read ${file}: ${reason}.\n`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Unusable(`pipewright contract: ${file} is not valid JSON: ${reason}.\n`);
  }
}

/** Compares `info.version` of both sides when both have one that reads as a version. */
function versionCheck(before: unknown, after: unknown, changes: ContractChange[]) {
  const oldVersion = versionOf(before);
  const newVersion = versionOf(after);
  if (!oldVersion || !newVersion) return undefined;
  return checkVersion(oldVersion, newVersion, changes);
}

function versionOf(contract: unknown): string | undefined {
  const info = isRecord(contract) && isRecord(contract.info) ? contract.info : {};
  const version = info.version;
  return typeof version === 'string' && /^v?\d+\.\d+\.\d+$/.test(version) ? version : undefined;
}

const ORDER: Record<VersionBump, number> = { major: 0, minor: 1, patch: 2 };

/** Breaking changes first, then additions, then wording; the diff's order within each. */
function ordered(changes: ContractChange[]): ContractChange[] {
  return changes
    .map((change, index) => ({ change, index }))
    .sort((a, b) => ORDER[a.change.bump] - ORDER[b.change.bump] || a.index - b.index)
    .map(({ change }) => change);
}

const MARKS: Record<VersionBump, string> = { major: 'BREAKING', minor: 'minor', patch: 'patch' };

function formatChanges(
  changes: ContractChange[],
  bump: VersionBump | 'none',
  versions: VersionCheck | undefined,
): string {
  if (changes.length === 0) return 'No changes.\n';

  const width = Math.max(...Object.values(MARKS).map((mark) => mark.length));
  const lines = changes.map(
    (change) =>
      `${MARKS[change.bump].padEnd(width)}  ${change.path}: ${change.message} [${change.code}]`,
  );
  const breaking = changes.filter((change) => change.kind === 'breaking').length;
  const count = `${changes.length} change${changes.length === 1 ? '' : 's'}`;
  lines.push('', `${count}, ${breaking} breaking. Version step needed: ${bump}.`);
  if (versions) lines.push(`${versions.ok ? 'OK' : 'Version'}: ${versions.message}`);
  return `${lines.join('\n')}\n`;
}

function isContract(value: unknown): boolean {
  return isRecord(value) && typeof value.openapi === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A file the command cannot use; its message is printed as it is. */
class Unusable extends Error {}
