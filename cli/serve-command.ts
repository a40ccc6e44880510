import { readFile } from 'node:fs/promises';
import { dataFolder } from '../main/data-folder.ts';
import { builtinRegistry } from '../nodes/index.ts';
import { PipewrightError } from '../engine/index.ts';
import { CONTRACT_ROUTES } from '../service/contract/routes.ts';
import { startService } from '../service/runtime/start-service.ts';
import { parseArgs, single, UsageError } from './args.ts';
import { formatProblems, loadWorkflowFile } from './load-workflow.ts';

/**
 * `pipewright serve FILE [--port N] [--host H]`: the exported service, run from the repository
 * for local trials. It reads the same environment as an export (PIPEWRIGHT_API_KEY, keys of the
 * nodes, ...) and keeps artifacts in the studio's data folder unless DATA_DIR says otherwise.
 * Unlike an export it listens on 127.0.0.1 unless HOST or --host asks for more.
 */
export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['port', 'host']);
  const [file, ...extra] = parsed.positional;
  if (!file) throw new UsageError('name the workflow file to serve.');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}".`);
  const port = portOption(single(parsed, 'port') ?? process.env.PORT);

  const registry = builtinRegistry();
  const loaded = await loadWorkflowFile(file, registry);
  if (!loaded.ok) {
    process.stderr.write(formatProblems(file, loaded.problems));
    return 1;
  }

  const env = process.env;
  try {
    const service = await startService({
      workflow: JSON.parse(await readFile(file, 'utf8')),
      registry,
      env,
      dataFolder: env.DATA_DIR ? undefined : dataFolder(env),
      port,
      host: single(parsed, 'host') ?? env.HOST ?? '127.0.0.1',
    });
    process.stderr.write(
      `Serving "${service.workflow.document.name}" at ${service.address}\n` +
        `  contract: ${service.address}${CONTRACT_ROUTES.contract.path}\n` +
        `  run:      POST ${service.address}${CONTRACT_ROUTES.runSync.path}\n` +
        `  artifacts in ${service.config.dataFolder}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof PipewrightError)) throw error;
    process.stderr.write(`pipewright serve: ${error.message}\n`);
    return 1;
  }
}

function portOption(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 8080;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535; it is "${raw}".`);
  }
  return port;
}
