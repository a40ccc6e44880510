import type { Store } from '../main/store/index.ts';
import { parseArgs, single, UsageError } from './args.ts';
import { withStore } from './with-store.ts';

/**
 * `pipewright credentials set NAME [--base-url URL]`: saves a secret read from standard input
 * (piped, or typed at a prompt that does not echo). `list` shows names and base URLs, `delete`
 * removes one. No command prints a saved secret: they are write-only.
 */
export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['base-url']);
  const [action, name, extra] = parsed.positional;
  const unknown = [...parsed.flags].find((flag) => flag !== 'json');
  if (unknown) throw new UsageError(`there is no option --${unknown}.`);
  if (extra) throw new UsageError(`unexpected "${extra}".`);

  return withStore('credentials', async (store) => {
    switch (action) {
      case 'set':
        if (!name) throw new UsageError('give the credential a name.');
        return await set(store, name, single(parsed, 'base-url'));
      case 'list':
        if (name) throw new UsageError(`unexpected "${name}".`);
        return list(store, parsed.flags.has('json'));
      case 'delete':
        if (!name) throw new UsageError('give the name of the credential to delete.');
        return remove(store, name);
      default:
        throw new UsageError(action ? `unknown action "${action}".` : 'give an action.');
    }
  });
}

async function set(store: Store, name: string, baseUrl: string | undefined): Promise<number> {
  const replacing = store.credentials.info(name) !== undefined;
  const secret = process.stdin.isTTY
    ? await promptHidden(`Secret for "${name}" (not shown): `)
    : stripNewline(await readAll(process.stdin));
  store.credentials.set(name, secret, { baseUrl });
  process.stderr.write(`${replacing ? 'Replaced' : 'Saved'} credential "${name}".\n`);
  return 0;
}

function list(store: Store, asJson: boolean): number {
  const saved = store.credentials.list();
  if (asJson) {
    process.stdout.write(`${JSON.stringify(saved, null, 2)}\n`);
    return 0;
  }
  if (saved.length === 0) {
    process.stdout.write('No credentials saved.\n');
    return 0;
  }
  const width = Math.max(...saved.map((item) => item.name.length));
  for (const item of saved) {
    const updated = new Date(item.updatedAt).toISOString().slice(0, 19).replace('T', ' ');
    const base = item.baseUrl ? `  ${item.baseUrl}` : '';
    process.stdout.write(`${item.name.padEnd(width)}  saved ${updated}${base}\n`);
  }
  return 0;
}

function remove(store: Store, name: string): number {
  if (!store.credentials.delete(name)) {
    process.stderr.write(`pipewright credentials: no credential "${name}" is saved.\n`);
    return 1;
  }
  process.stderr.write(`Deleted credential "${name}".\n`);
  return 0;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** A piped secret usually ends with the newline of `echo`; that is not part of the key. */
function stripNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/** Reads one line from the terminal in raw mode, echoing nothing. Ctrl-C gives up. */
function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(question);
  input.setRawMode(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new UsageError('cancelled; nothing was saved.'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    input.on('data', onData);
  });
}
