import { z } from 'zod';
import { defineNode, userError } from '../../engine/index.ts';
import { evaluate, jsonataSetting } from '../shared/jsonata-expression.ts';

const settings = z.object({
  condition: jsonataSetting.default('$boolean($)'),
});

/**
 * Sends its value down one of two outputs. Nodes behind the untaken output are skipped, not
 * failed, and the run still completes.
 */
export const branchNode = defineNode({
  type: 'logic.branch',
  version: 1,
  title: 'Branch',
  category: 'logic',
  description:
    'Routes its value to "yes" or "no" by a JSONata condition over it, e.g. $contains(text, "video") or score > 0.5.',
  settings,
  inputs: { value: { type: 'any' } },
  outputs: { yes: { type: 'any' }, no: { type: 'any' } },
  run: async ({ value }, { condition }, context) => {
    let verdict: unknown;
    try {
      verdict = await evaluate(condition, value, {}, context.signal);
    } catch (error) {
      throw userError(
        'CONDITION_FAILED',
        `Node "${context.nodeId}": the condition failed: ${(error as Error).message}`,
        {
          nodeId: context.nodeId,
          field: 'condition',
        },
      );
    }
    const taken = Boolean(verdict);
    context.log.info(`condition is ${taken ? 'true' : 'false'}`, { verdict });
    return taken ? { yes: value } : { no: value };
  },
});
