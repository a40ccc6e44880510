import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { ensureRendererBuilt } from '../main/api/renderer-build.ts';
import { startStudioServer } from '../main/api/server.ts';
import { storeBackend } from '../main/api/store-backend.ts';
import { openStore } from '../main/store/store.ts';
import { builtinRegistry } from '../nodes/index.ts';
import { parseArgs, single, UsageError } from './args.ts';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * `pipewright studio [--port N] [--no-open]`: the studio in a browser. Starts the studio API on
 * 127.0.0.1, serves the built renderer, and prints the one address to open, token included, on a
 * line of its own on stdout (everything else goes to stderr). Runs until interrupted.
 */
export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['port']);
  if (parsed.positional.length > 0) throw new UsageError('takes no file or other word.');
  const unknown = [...parsed.flags].filter((flag) => flag !== 'no-open');
  if (unknown.length > 0) throw new UsageError(`unknown option --${unknown[0]}.`);
  const port = portOption(single(parsed, 'port'));

  const renderer = await ensureRendererBuilt(root, (message) =>
    process.stderr.write(`${message}\n`),
  );
  if (!renderer.ready) {
    process.stderr.write(`pipewright studio: ${renderer.reason}\n`);
    return 1;
  }

  const log = pino(
    { name: 'pipewright-studio', level: process.env.PIPEWRIGHT_LOG_LEVEL ?? 'warn' },
    pino.destination(2),
  );
  const store = openStore({ env: process.env });
  const server = await startStudioServer({
    backend: storeBackend(store),
    registry: builtinRegistry(),
    host: 'browser',
    port,
    rendererDir: join(root, 'out', 'renderer'),
    samplesDir: join(root, 'workflows'),
    env: process.env,
    version: await packageVersion(),
    log,
  }).catch((error: unknown) => {
    store.close();
    throw error;
  });

  process.stderr.write(`Pipewright studio is running (data in ${store.home}). Open:\n`);
  process.stdout.write(`${server.pageUrl}\n`);
  process.stderr.write('Press Ctrl+C to stop.\n');
  if (!parsed.flags.has('no-open')) openInBrowser(server.pageUrl);

  await stopSignal();
  process.stderr.write('Stopping the studio...\n');
  await server.close();
  return 0;
}

function portOption(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not "${value}".`);
  }
  return port;
}

function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** Hands the address to the system's browser; where there is none, the printed line suffices. */
function openInBrowser(url: string) {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () =>
    process.stderr.write('No browser could be opened from here; open the address above.\n'),
  );
  child.unref();
}

async function packageVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? '0.0.0';
}
