import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import {
  parseWorkflowText,
  PipewrightError,
  stableStringify,
  userError,
} from '../../engine/index.ts';
import type { NodeRegistry, WorkflowDocument } from '../../engine/index.ts';
import { generateContract, serializeContract } from '../contract/generate.ts';
import { pipelineFields } from '../contract/pipeline-fields.ts';
import { compileForService } from '../runtime/create-service.ts';
import { bundleServer } from './bundle-server.ts';
import { ContractHistory } from './contract-history.ts';
import type { HistoryVerdict } from './contract-history.ts';
import { exportVariables } from './export-facts.ts';
import type { EnvVariable, ExportFacts } from './export-facts.ts';
import { locateNodeModules } from './node-modules.ts';
import { lockfileSubset, packageManifest } from './package-files.ts';
import type { Lockfile } from './package-files.ts';
import { secretsInSettings } from './secret-scan.ts';
import { systemToolsIn } from './system-tools.ts';
import { dockerfile } from './templates/dockerfile.ts';
import { envExample } from './templates/env-example.ts';
import { readme } from './templates/readme.ts';

export interface ExportOptions {
  /** The workflow file to export; the studio passes `document` instead. */
  file?: string;
  /** The workflow document itself, as the editor holds it. */
  document?: unknown;
  outDir: string;
  /** The data folder (PIPEWRIGHT_HOME) that keeps the history of exported contracts. */
  home: string;
  registry: NodeRegistry;
  /** Export even when the contract breaks the last exported version without a major step. */
  allowBreaking?: boolean;
}

export interface ExportReport {
  outDir: string;
  files: string[];
  dependencies: Record<string, string>;
  debianPackages: string[];
  variables: EnvVariable[];
  verdict: HistoryVerdict;
  /** Where the contract was recorded in the history. */
  recordedAt: string;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEMPLATES = fileURLToPath(new URL('./templates/', import.meta.url));

/** Files an export writes; only these are replaced when exporting into an earlier export. */
const EXPORT_FILES = [
  'server.mjs',
  'openapi.json',
  'package.json',
  'package-lock.json',
  'Dockerfile',
  'README.md',
  '.env.example',
  '.dockerignore',
  '.gitignore',
  'test',
];

/**
 * Writes a workflow as a standalone service folder: a bundled server.mjs, its contract, a
 * package.json with only what the bundle leaves out, a Dockerfile, a README, `.env.example` and
 * contract tests. The contract is judged against the last one exported for the workflow first;
 * a breaking change without a major version stops the export (see ContractHistory.judge).
 */
export async function exportService(options: ExportOptions): Promise<ExportReport> {
  const text = await sourceText(options);
  const parsed = parseWorkflowText(text, options.registry);
  if (!parsed.ok) {
    const name = options.file ?? 'The workflow';
    throw new PipewrightError('WORKFLOW_INVALID', `${name} has problems.`, {
      fault: 'user',
      details: { problems: parsed.problems },
    });
  }
  const raw = JSON.parse(text) as unknown;
  const workflow = compileForService(raw, options.registry);
  const { document } = workflow;
  refuseSecrets(document);

  const contract = generateContract(workflow, { apiKey: true });
  const history = new ContractHistory(options.home);
  const verdict = await history.judge(document.id, document.version, contract);
  if (verdict.refused && !options.allowBreaking) {
    throw new PipewrightError(
      'CONTRACT_VERSION_TOO_LOW',
      verdict.check?.message ?? 'The contract changed without a version step.',
      { fault: 'user', details: { field: 'version', verdict } },
    );
  }

  const outDir = resolve(options.outDir);
  await prepareFolder(outDir);
  const kinds = await locateNodeModules(
    new Set(document.nodes.map((node) => node.type)),
    options.registry,
    join(REPO_ROOT, 'nodes'),
  );
  const bundle = await bundleServer({
    repoRoot: REPO_ROOT,
    serverMain: join(REPO_ROOT, 'service', 'runtime', 'server-main.ts'),
    workflow: withoutStudioFields(raw),
    kinds,
    outFile: join(outDir, 'server.mjs'),
  });
  const tools = await systemToolsIn(bundle.text, join(REPO_ROOT, 'nodes'));

  const repoManifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8'));
  const manifest = packageManifest({
    name: document.id,
    version: document.version,
    description: document.description,
    dependencies: bundle.externals,
    repoManifest,
  });
  const dependencies = manifest.dependencies as Record<string, string>;
  const repoLock = JSON.parse(
    await readFile(join(REPO_ROOT, 'package-lock.json'), 'utf8'),
  ) as Lockfile;
  const lock = lockfileSubset(repoLock, {
    name: document.id,
    version: document.version,
    dependencies,
  });

  const telegram = pipelineFields(workflow).telegramTrigger !== undefined;
  const facts: ExportFacts = {
    id: document.id,
    name: document.name,
    version: document.version,
    description: document.description,
    contract,
    variables: exportVariables(workflow, tools, telegram),
    debianPackages: [...new Set(tools.map((tool) => tool.debianPackage))].sort(),
    dependencies,
    telegram,
  };

  await writeFolder(outDir, facts, manifest, lock);
  const recordedAt = await history.record(document.id, document.version, contract);
  return {
    outDir,
    files: await listFiles(outDir),
    dependencies,
    debianPackages: facts.debianPackages,
    variables: facts.variables,
    verdict,
    recordedAt,
  };
}

async function writeFolder(
  outDir: string,
  facts: ExportFacts,
  manifest: Record<string, unknown>,
  lock: Lockfile,
): Promise<void> {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const ignored = 'node_modules/\ndata/\n.env\n';
  await writeFile(join(outDir, 'openapi.json'), serializeContract(facts.contract));
  await writeFile(join(outDir, 'package.json'), json(manifest));
  await writeFile(join(outDir, 'package-lock.json'), json(lock));
  await writeFile(join(outDir, 'Dockerfile'), dockerfile(facts));
  await writeFile(join(outDir, 'README.md'), readme(facts));
  await writeFile(join(outDir, '.env.example'), envExample(facts));
  await writeFile(join(outDir, '.dockerignore'), `${ignored}test/\n`);
  await writeFile(join(outDir, '.gitignore'), ignored);

  const tests = join(outDir, 'test');
  await mkdir(tests, { recursive: true });
  await copyFile(join(TEMPLATES, 'contract.test.mjs'), join(tests, 'contract.test.mjs'));
  await bundleSchemaCheck(join(tests, 'schema-check.mjs'));
  const required = facts.variables.filter((item) => item.required && item.group === 'credentials');
  await writeFile(
    join(tests, 'export-facts.json'),
    json({ requiredVariables: required.map((item) => item.name), telegram: facts.telegram }),
  );
}

/** Ajv and the checker in one file, so that the tests need nothing from npm. */
async function bundleSchemaCheck(outFile: string): Promise<void> {
  await build({
    entryPoints: [join(TEMPLATES, 'schema-check.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: outFile,
    minifyWhitespace: true,
    minifySyntax: true,
    banner: {
      js: "import { createRequire as __pipewrightRequire } from 'node:module';\nconst require = __pipewrightRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
}

/**
 * An empty or missing folder is used as it is; an earlier export has its generated files
 * replaced and keeps node_modules and data; anything else is refused rather than overwritten.
 */
async function prepareFolder(outDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(outDir);
  } catch {
    await mkdir(outDir, { recursive: true });
    return;
  }
  if (entries.length === 0) return;
  if (!entries.includes('server.mjs') || !entries.includes('openapi.json')) {
    throw userError(
      'EXPORT_FOLDER_NOT_EMPTY',
      `${outDir} holds other files; export into an empty folder or an earlier export.`,
      { field: 'out' },
    );
  }
  for (const name of EXPORT_FILES) await rm(join(outDir, name), { recursive: true, force: true });
}

function refuseSecrets(document: WorkflowDocument) {
  const findings = secretsInSettings(document);
  const first = findings[0];
  if (!first) return;
  const list = findings.map((item) => `${item.nodeId}.settings.${item.path}`).join(', ');
  throw userError(
    'EXPORT_SECRET_IN_SETTINGS',
    `Node "${first.nodeId}" has what looks like a secret in its settings (${list}); an export would carry it. Use a {{placeholder}} fed from a credential, or a node credential read from the environment.`,
    { nodeId: first.nodeId, field: first.path },
  );
}

/** The workflow as bundled: saved-credential names, pins and breakpoints are the studio's. */
function withoutStudioFields(raw: unknown): unknown {
  const document = raw as { nodes: Record<string, unknown>[] };
  return JSON.parse(
    stableStringify({
      ...document,
      nodes: document.nodes.map(({ credentials: _c, pinned: _p, breakpoint: _b, ...node }) => node),
    }),
  );
}

async function sourceText(options: ExportOptions): Promise<string> {
  if (options.document !== undefined) return stableStringify(options.document);
  if (!options.file) throw userError('EXPORT_NO_WORKFLOW', 'Name the workflow to export.', {});
  return readWorkflow(options.file);
}

async function readWorkflow(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw userError('WORKFLOW_UNREADABLE', `Cannot read ${file}: ${reason}.`, { path: file });
  }
}

async function listFiles(folder: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(join(folder, prefix), { withFileTypes: true })) {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name === 'node_modules' || entry.name === 'data') continue;
    if (entry.isDirectory()) files.push(...(await listFiles(folder, name)));
    else files.push(name);
  }
  return files.sort();
}
