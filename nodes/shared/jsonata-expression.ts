import jsonata from 'jsonata';
import { z } from 'zod';

/**
 * A JSONata expression as a setting: compiled while the settings are checked, so that a typo is
 * a validation problem on the node, not a failure halfway through a run.
 */
export const jsonataSetting = z.string().superRefine((expression, context) => {
  try {
    jsonata(expression);
  } catch (error) {
    const position = (error as { position?: number }).position;
    const where = position !== undefined ? ` at character ${position}` : '';
    context.addIssue({
      code: 'custom',
      message: `is not a valid JSONata expression${where}: ${(error as Error).message}`,
    });
  }
});

/**
 * A runaway expression (a function that calls itself forever) must not hang the run: JSONata's
 * own guardrails stop one that runs too long or nests too deep.
 */
const LIMITS = { timeout: 10_000, stack: 2000 };

/** JSONata awaits this hook before every step it evaluates. */
const STEP_HOOK = Symbol.for('jsonata.__evaluate_entry');

/** Steps between yields to the event loop, so that a cancel (or Ctrl-C) is heard at all. */
const STEPS_PER_YIELD = 2000;

/**
 * Evaluates an expression with the node's inputs as `$` and each input bound as `$name`. JSONata
 * evaluates in promise callbacks only, which starve timers and signals; with a signal, the
 * evaluation yields now and then and stops as soon as the signal aborts.
 */
export async function evaluate(
  expression: string,
  input: unknown,
  bindings: Record<string, unknown>,
  signal?: AbortSignal,
) {
  const compiled = jsonata(expression, LIMITS);
  if (signal) {
    let steps = 0;
    const onStep = async () => {
      steps += 1;
      if (steps % STEPS_PER_YIELD === 0) await new Promise((resolve) => setImmediate(resolve));
      signal.throwIfAborted();
    };
    // JSONata's types name bindings by string; its frames store symbols just the same.
    compiled.assign(STEP_HOOK as unknown as string, onStep);
  }
  return compiled.evaluate(input, bindings);
}
