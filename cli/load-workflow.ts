import { readFile } from 'node:fs/promises';
import { parseWorkflowText } from '../engine/index.ts';
import type { CompiledWorkflow, NodeRegistry, Problem } from '../engine/index.ts';

export type LoadResult =
  { ok: true; workflow: CompiledWorkflow } | { ok: false; problems: Problem[] };

/** Reads and validates a workflow file; an unreadable file is one more problem, not a crash. */
export async function loadWorkflowFile(path: string, registry: NodeRegistry): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    return {
      ok: false,
      problems: [{ code: 'UNREADABLE', message: `Cannot read ${path}: ${reason}.`, path: '' }],
    };
  }
  const result = parseWorkflowText(text, registry);
  return result.ok
    ? { ok: true, workflow: result.workflow }
    : { ok: false, problems: result.problems };
}

/** One line per problem: where it is, then what is wrong. */
export function formatProblems(file: string, problems: Problem[]): string {
  const lines = problems.map((problem) => {
    const where = problem.path ? `${problem.path}` : 'file';
    return `  ${where}: ${problem.message} [${problem.code}]`;
  });
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return `${file}: ${count}\n${lines.join('\n')}\n`;
}
