import { isAbsolute, relative } from 'node:path';
import { PipewrightError } from '../engine/index.ts';
import type { Problem } from '../engine/index.ts';
import { dataFolder } from '../main/data-folder.ts';
import { builtinRegistry } from '../nodes/index.ts';
import type { HistoryVerdict } from '../service/export/contract-history.ts';
import { exportService } from '../service/export/export-service.ts';
import type { ExportReport } from '../service/export/export-service.ts';
import { parseArgs, single, UsageError } from './args.ts';
import { formatProblems } from './load-workflow.ts';

/**
 * `pipewright export FILE --out DIR [--allow-breaking]`: writes the workflow as a service folder
 * and records its contract in the data folder's history. A contract that breaks the last
 * exported version without a major version step is refused, with the list of what broke.
 */
export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['out']);
  const [file, ...extra] = parsed.positional;
  if (!file) throw new UsageError('name the workflow file to export.');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}".`);
  const outDir = single(parsed, 'out');
  if (!outDir) throw new UsageError('--out DIR is required: the folder to write the service to.');

  try {
    const report = await exportService({
      file,
      outDir,
      home: dataFolder(process.env),
      registry: builtinRegistry(),
      allowBreaking: parsed.flags.has('allow-breaking'),
    });
    process.stdout.write(summary(report));
    return 0;
  } catch (error) {
    if (!(error instanceof PipewrightError) || error.fault !== 'user') throw error;
    process.stderr.write(explain(file, error));
    return 1;
  }
}

function summary(report: ExportReport): string {
  const lines = [`Exported to ${report.outDir}`];
  for (const name of report.files) lines.push(`  ${name}`);
  const dependencies = Object.keys(report.dependencies);
  lines.push(`npm dependencies: ${dependencies.length > 0 ? dependencies.join(', ') : 'none'}`);
  if (report.debianPackages.length > 0) {
    lines.push(`system packages (in the Dockerfile): ${report.debianPackages.join(', ')}`);
  }
  const required = report.variables.filter((item) => item.required).map((item) => item.name);
  if (required.length > 0) lines.push(`set before starting: ${required.join(', ')}`);
  lines.push(...verdictLines(report.verdict, false));
  if (report.verdict.refused) {
    lines.push('exported anyway (--allow-breaking): clients of the last version may break');
  }
  lines.push(`contract recorded at ${shortPath(report.recordedAt)}`);
  lines.push(`next: cd ${shortPath(report.outDir)} && npm install && npm start`);
  return `${lines.join('\n')}\n`;
}

/** A path relative to the working folder when it lies inside it, else absolute. */
function shortPath(path: string): string {
  const near = relative(process.cwd(), path);
  if (near === '') return '.';
  return near.startsWith('..') || isAbsolute(near) ? path : near;
}

function explain(file: string, error: PipewrightError): string {
  const problems = error.details.problems as Problem[] | undefined;
  if (problems) return formatProblems(file, problems);

  const verdict = error.details.verdict as HistoryVerdict | undefined;
  if (!verdict) return `pipewright export: ${error.message}\n`;
  const lines = [`pipewright export: ${error.message}`, ...verdictLines(verdict, true)];
  lines.push(
    `Set "version": "${verdict.check?.suggested}" in ${file}, or pass --allow-breaking to export anyway.`,
  );
  return `${lines.join('\n')}\n`;
}

function verdictLines(verdict: HistoryVerdict, refused: boolean): string[] {
  if (!verdict.previous) return ['first export of this workflow: no earlier contract to compare'];
  if (verdict.changes.length === 0) return [`contract unchanged since ${verdict.previous}`];

  const lines = [refused ? 'Changes since the last export:' : (verdict.check?.message ?? '')];
  for (const change of verdict.changes) {
    const mark = change.kind === 'breaking' ? 'BREAKING' : change.bump;
    lines.push(`  [${mark}] ${change.path}: ${change.message}`);
  }
  return lines;
}
