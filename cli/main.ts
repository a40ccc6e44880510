import { UsageError } from './args.ts';

interface Command {
  summary: string;
  usage: string;
}

const COMMANDS: Record<string, Command> = {
  run: {
    summary: 'Run a workflow and print its outputs',
    usage:
      'run FILE [--input NAME=VALUE]... [--input-json JSON] [--out DIR] [--json] [--from NODE] [--stop-at NODE] [--no-cache] [--concurrency N]',
  },
  validate: { summary: 'Check a workflow file and list every problem', usage: 'validate FILE' },
  runs: {
    summary: 'List recorded runs, show one, or replay one in whole or in part',
    usage:
      'runs [--json] [--limit N] | runs show ID [--json] [--logs] [--node NODE] [--level LEVEL] | runs rerun ID | runs from ID NODE | runs only ID NODE  (replays take [--file FILE] [--no-cache] [--out DIR])',
  },
  workflows: {
    summary: 'Saved workflows and their versions: list, show, diff, restore, pin',
    usage:
      'workflows [list] | save FILE [--message M] | versions ID | show ID [--version N] | diff ID FROM [TO] | restore ID VERSION | pin ID NODE RUN | unpin ID NODE',
  },
  credentials: {
    summary: 'Save, list or delete credentials (never shown again)',
    usage: 'credentials set NAME [--base-url URL] | list | delete NAME',
  },
  export: {
    summary: 'Export a workflow as a microservice folder',
    usage: 'export FILE --out DIR [--allow-breaking]',
  },
  serve: { summary: 'Serve a workflow as a local service', usage: 'serve FILE [--port N]' },
  contract: {
    summary: 'Show a contract, or diff two contracts',
    usage: 'contract show FILE | contract diff OLD NEW [--json]',
  },
  studio: { summary: 'Open the studio in a browser', usage: 'studio [--port N] [--no-open]' },
};

type CommandModule = { main(args: string[]): Promise<number> };

/** `pipewright COMMAND ...`: each command lives in its own `cli/<command>-command.ts`. */
export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${await version()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`pipewright: unknown command "${name}".\n\n${help()}`);
    return 2;
  }

  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.summary}.\nUsage: pipewright ${command.usage}\n`);
    return 0;
  }

  try {
    const module = (await import(`./${name}-command.ts`)) as CommandModule;
    return await module.main(rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(
      `pipewright ${name}: ${error.message}\nUsage: pipewright ${command.usage}\n`,
    );
    return 2;
  }
}

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((key) => key.length));
  const lines = Object.entries(COMMANDS).map(
    ([key, command]) => `  ${key.padEnd(width)}  ${command.summary}`,
  );
  return `Usage: pipewright COMMAND [options]\n\n${lines.join('\n')}\n\nRun "pipewright COMMAND --help" for a command's options.\n`;
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
  return String(manifest.version);
}
