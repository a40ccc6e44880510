import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWorkflowText, validateWorkflow } from '../../engine/index.ts';
import { registryWith } from '../harness/engine-runner.ts';

/** A small seeded generator, so that a failure names a seed that reproduces it. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ODD_VALUES: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1e308,
  NaN,
  '',
  'x',
  '__proto__',
  true,
  [],
  {},
  [1, 'a'],
  { x: 1 },
];

function mutate(value: unknown, random: () => number, depth = 0): unknown {
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  if (depth > 6 || random() < 0.15) return pick(ODD_VALUES);
  if (Array.isArray(value)) {
    const copy = value.map((item) => (random() < 0.3 ? mutate(item, random, depth + 1) : item));
    if (random() < 0.2) copy.splice(Math.floor(random() * (copy.length + 1)), 0, pick(ODD_VALUES));
    if (random() < 0.2 && copy.length > 0) copy.splice(Math.floor(random() * copy.length), 1);
    if (random() < 0.1 && copy.length > 0) copy.push(copy[0]);
    return copy;
  }
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const key of Object.keys(copy)) {
      if (random() < 0.25) copy[key] = mutate(copy[key], random, depth + 1);
      else if (random() < 0.05) delete copy[key];
    }
    if (random() < 0.1)
      copy[pick(['extra', 'id', 'type', 'from', 'to', 'settings'])] = pick(ODD_VALUES);
    return copy;
  }
  return random() < 0.5 ? pick(ODD_VALUES) : value;
}

/** Cuts, repeats, deletes or swaps a stretch of the file's text. */
function garble(text: string, random: () => number): string {
  const at = Math.floor(random() * text.length);
  const span = 1 + Math.floor(random() * 40);
  const noise = ['{', '}', '[', ']', ',', ':', '"', '\\', '\u0000', 'null', '1e999', '-'];
  switch (Math.floor(random() * 4)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + text.slice(at, at + span).repeat(3) + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(at + span);
    default:
      return text.slice(0, at) + noise[Math.floor(random() * noise.length)] + text.slice(at + 1);
  }
}

describe('validating mutated workflow files', () => {
  const registry = registryWith();
  const texts = readdirSync('workflows')
    .filter((name) => name.endsWith('.json'))
    .map((name) => readFileSync(`workflows/${name}`, 'utf8'));
  const seeds = texts.map((text) => JSON.parse(text));

  it('answers thousands of mutations with a result, never an exception', () => {
    let invalid = 0;
    for (let round = 0; round < 3000; round += 1) {
      const random = generator(round);
      const mutated = mutate(seeds[round % seeds.length], random);
      let result: ReturnType<typeof validateWorkflow>;
      try {
        result = validateWorkflow(mutated, registry);
      } catch (error) {
        throw new Error(
          `seed ${round} threw: ${(error as Error).stack}\n${JSON.stringify(mutated)}`,
        );
      }
      if (!result.ok) {
        invalid += 1;
        for (const problem of result.problems) {
          expect(typeof problem.message).toBe('string');
          expect(typeof problem.path).toBe('string');
        }
      }
    }
    expect(invalid).toBeGreaterThan(1000);
  }, 60_000);

  it('answers thousands of garbled texts with a problem list, never an exception', () => {
    for (let round = 0; round < 3000; round += 1) {
      const random = generator(round);
      let text = texts[round % texts.length]!;
      for (let cut = 0; cut < 1 + Math.floor(random() * 3); cut += 1) text = garble(text, random);
      let result: ReturnType<typeof parseWorkflowText>;
      try {
        result = parseWorkflowText(text, registry);
      } catch (error) {
        throw new Error(`seed ${round} threw: ${(error as Error).stack}\n${text}`);
      }
      if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
    }
  }, 60_000);
});
