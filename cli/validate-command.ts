import { builtinRegistry } from '../nodes/index.ts';
import { parseArgs, UsageError } from './args.ts';
import { formatProblems, loadWorkflowFile } from './load-workflow.ts';

/** `pipewright validate FILE`: every problem at once; exit 1 when there is any. */
export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args, []);
  const [file, extra] = parsed.positional;
  if (!file || extra) throw new UsageError('give exactly one workflow file.');

  const result = await loadWorkflowFile(file, builtinRegistry());
  if (!result.ok) {
    process.stderr.write(formatProblems(file, result.problems));
    return 1;
  }
  const { document, nodes } = result.workflow;
  process.stdout.write(
    `${file}: valid (${document.name} ${document.version}, ${nodes.size} nodes)\n`,
  );
  return 0;
}
