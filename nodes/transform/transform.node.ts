import { z } from 'zod';
import { defineNode, fitsPortType, userError } from '../../engine/index.ts';
import { evaluate, jsonataSetting } from '../shared/jsonata-expression.ts';

const RESULT_TYPES = ['json', 'text', 'number', 'boolean'] as const;

const settings = z.object({
  expression: jsonataSetting.default('$'),
  resultType: z.enum(RESULT_TYPES).default('json'),
});

/** Picks and reshapes JSON with a JSONata expression; the result can be typed as text or a number. */
export const transformNode = defineNode({
  type: 'json.transform',
  version: 1,
  title: 'Transform JSON',
  category: 'data',
  description:
    'Picks fields from JSON and reshapes it with a JSONata expression, e.g. scenes.caption or { "title": title }.',
  settings,
  inputs: { data: { type: 'json', description: 'The value the expression reads as $.' } },
  outputs: ({ resultType }) => ({ result: { type: resultType } }),
  run: async ({ data }, { expression, resultType }, context) => {
    let result: unknown;
    try {
      // JSONata marks its result sequences with extra properties; plain JSON travels on.
      result = plainJson(await evaluate(expression, data, {}, context.signal));
    } catch (error) {
      throw userError(
        'EXPRESSION_FAILED',
        `Node "${context.nodeId}": the expression failed: ${(error as Error).message}`,
        {
          nodeId: context.nodeId,
          field: 'expression',
        },
      );
    }

    const value =
      resultType === 'text' && result !== undefined && typeof result !== 'string'
        ? printed(result)
        : result;
    if (value === undefined) {
      throw userError(
        'EXPRESSION_EMPTY',
        `Node "${context.nodeId}": the expression matched nothing in its input.`,
        {
          nodeId: context.nodeId,
          field: 'expression',
        },
      );
    }
    if (!fitsPortType(resultType, value)) {
      throw userError(
        'EXPRESSION_TYPE',
        `Node "${context.nodeId}": the expression gave ${JSON.stringify(value).slice(0, 80)}, which is not ${resultType}.`,
        {
          nodeId: context.nodeId,
          field: 'resultType',
        },
      );
    }
    return { result: value };
  },
});

function printed(value: unknown): string {
  return typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}

function plainJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
