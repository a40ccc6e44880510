import { z } from 'zod';
import { defineNode } from '../../engine/index.ts';
import { fieldList } from '../input/fields.ts';
import { portsOf } from '../input/input.node.ts';

const settings = z.object({ fields: fieldList });

/**
 * Where a run's results leave the pipeline: each field is an input here and a field of the
 * run's outputs (and of the exported service's response).
 */
export const outputNode = defineNode({
  type: 'output',
  version: 1,
  title: 'Output',
  category: 'input-output',
  description:
    'The results of a run. Its fields become the outputs the CLI prints and the response of the exported service.',
  role: 'output',
  settings,
  inputs: ({ fields }) => portsOf(fields),
  outputs: {},
  cache: false,
  run: () => ({}),
});
