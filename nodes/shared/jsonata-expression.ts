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

/** Evaluates an expression with the node's inputs as `$` and each input bound as `$name`. */
export async function evaluate(
  expression: string,
  input: unknown,
  bindings: Record<string, unknown>,
) {
  return jsonata(expression).evaluate(input, bindings);
}
