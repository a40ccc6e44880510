import { pino } from 'pino';
import { NodeRegistry, PipewrightError } from '../../engine/index.ts';
import type { NodeDefinition } from '../../engine/index.ts';
import { startService } from './start-service.ts';

/**
 * The body of an exported `server.mjs`: the bundler writes a file that imports the node kinds
 * the pipeline uses, embeds the workflow, and calls this. A configuration or workflow problem
 * (or a port already taken) ends the process with one log line that says what to fix, and exit
 * code 1.
 */
export async function serveExport(
  workflow: unknown,
  kinds: NodeDefinition<never>[],
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  try {
    await startService({ workflow, registry: new NodeRegistry(kinds), env });
  } catch (error) {
    const logger = pino();
    if (error instanceof PipewrightError) {
      logger.fatal({ code: error.code, details: error.details }, error.message);
    } else {
      logger.fatal({ err: error }, `The service could not start: ${String(error)}`);
    }
    process.exit(1);
  }
}
