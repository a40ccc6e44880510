import type { RunningFakes } from './all-fakes.ts';
import type { FakeServer } from './fake-server.ts';

/**
 * The commands a person types into `start.ts` to make a running fake misbehave, so that the
 * retries and failures the tests pin down can be watched by hand against a real run:
 *
 *     /fail openai 429 retry=2        the next chat completion is rate-limited for 2 seconds
 *     /slow elevenlabs 3000 times=2   the next two speech requests wait 3 s before answering
 *     /cutoff openai                  the next answer loses its connection part-way
 *     /fail telegram 500 path=sendVideo
 *
 * A fault hits the next matching requests of that fake; `path=` narrows it to paths that end so,
 * which matters for Telegram, whose trigger polls getUpdates all the time.
 */
export const HAND_COMMANDS_HELP = [
  '/fail <fake> <status> [times=N] [retry=SECONDS] [path=ENDING]',
  '/slow <fake> <milliseconds> [times=N] [path=ENDING]',
  '/cutoff <fake> [times=N] [after=BYTES] [path=ENDING]',
  '<fake> is openai, elevenlabs or telegram; a fault hits the next matching requests.',
];

const FAKE_NAMES = ['openai', 'elevenlabs', 'telegram'] as const;
type FakeName = (typeof FAKE_NAMES)[number];

interface Options {
  times?: number;
  retry?: number;
  after?: number;
  path?: string;
}

interface Command {
  usage: string;
  accepts: (keyof Options)[];
  run(fake: FakeServer, words: string[], options: Options): string;
}

const COMMANDS: Record<string, Command> = {
  '/fail': {
    usage: HAND_COMMANDS_HELP[0]!,
    accepts: ['times', 'retry', 'path'],
    run: (fake, [status], options) => {
      const code = wholeNumber(status, 'the status', 400, 599);
      fake.fail({
        status: code,
        times: options.times,
        retryAfter: options.retry,
        path: options.path,
      });
      const wait = options.retry === undefined ? '' : ` with retry-after ${options.retry}`;
      return `answer ${code}${wait}`;
    },
  },
  '/slow': {
    usage: HAND_COMMANDS_HELP[1]!,
    accepts: ['times', 'path'],
    run: (fake, [ms], options) => {
      const delay = wholeNumber(ms, 'the delay', 1, 600_000);
      fake.slow(delay, { times: options.times, path: options.path });
      return `wait ${delay} ms before answering`;
    },
  },
  '/cutoff': {
    usage: HAND_COMMANDS_HELP[2]!,
    accepts: ['times', 'after', 'path'],
    run: (fake, words, options) => {
      if (words.length > 0) throw new UsageError(`"${words[0]}" is not an option`);
      fake.cutOff({ times: options.times, afterBytes: options.after, path: options.path });
      const where = options.after === undefined ? 'part-way' : `after ${options.after} bytes`;
      return `lose the connection ${where}`;
    },
  },
};

/**
 * Carries out a typed fault command and answers with the lines to print. A line that is not one
 * of these commands answers undefined, so that start.ts sends it to the bot as a message (a bot
 * command such as `/video cats` included).
 */
export function handCommand(line: string, fakes: RunningFakes): string[] | undefined {
  const [name = '', ...words] = line.trim().split(/\s+/);
  if (name === '/help') return HAND_COMMANDS_HELP.map((text) => `# ${text}`);
  const command = COMMANDS[name];
  if (!command) return undefined;

  try {
    const [fakeName, ...rest] = words;
    const fake = fakeNamed(fakes, fakeName);
    const positional = rest.filter((word) => !word.includes('='));
    const options = optionsOf(
      rest.filter((word) => word.includes('=')),
      command.accepts,
    );
    const effect = command.run(fake, positional, options);
    const count = options.times ?? 1;
    const where = options.path ? ` ending in ${options.path}` : '';
    return [`# the next ${count} request(s) to ${fakeName}${where} will ${effect}`];
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return [`# ${error.message}`, `# usage: ${command.usage}`];
  }
}

class UsageError extends Error {}

function fakeNamed(fakes: RunningFakes, name: string | undefined): FakeServer {
  if (FAKE_NAMES.includes(name as FakeName)) return fakes[name as FakeName];
  throw new UsageError(`"${name ?? ''}" is not a fake; use ${FAKE_NAMES.join(', ')}`);
}

function optionsOf(words: string[], accepts: (keyof Options)[]): Options {
  const options: Options = {};
  for (const word of words) {
    const [key = '', value = ''] = word.split('=', 2);
    if (!accepts.includes(key as keyof Options)) {
      throw new UsageError(`"${key}" is not an option here; use ${accepts.join(', ')}`);
    }
    if (key === 'path') options.path = value;
    else options[key as Exclude<keyof Options, 'path'>] = wholeNumber(value, key, 0, 1_000_000);
  }
  if (options.times === 0) throw new UsageError('times must be at least 1');
  return options;
}

function wholeNumber(word: string | undefined, what: string, min: number, max: number): number {
  const value = Number(word);
  if (word === undefined || word === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${what} must be a whole number from ${min} to ${max}`);
  }
  return value;
}
