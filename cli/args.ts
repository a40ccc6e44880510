/** A parsed command line: positional words, and options that may repeat. */
export interface ParsedArgs {
  positional: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

/**
 * Reads `--name value`, `--name=value` and bare `--flag`. Which options take a value is said by
 * the caller, so `--json FILE` is never mistaken for a flag followed by a file.
 */
export function parseArgs(args: string[], valued: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { positional: [], options: new Map(), flags: new Set() };
  for (let index = 0; index < args.length; index += 1) {
    const word = args[index]!;
    if (!word.startsWith('--') || word === '--') {
      parsed.positional.push(word);
      continue;
    }

    const equals = word.indexOf('=');
    const name = word.slice(2, equals === -1 ? undefined : equals);
    if (!valued.includes(name)) {
      if (equals !== -1) throw new UsageError(`--${name} takes no value.`);
      parsed.flags.add(name);
      continue;
    }

    const value = equals === -1 ? args[++index] : word.slice(equals + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value.`);
    parsed.options.set(name, [...(parsed.options.get(name) ?? []), value]);
  }
  return parsed;
}

export function single(parsed: ParsedArgs, name: string): string | undefined {
  const values = parsed.options.get(name);
  if (values && values.length > 1) throw new UsageError(`--${name} is given more than once.`);
  return values?.[0];
}

export class UsageError extends Error {}
