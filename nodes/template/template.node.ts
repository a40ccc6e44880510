import { z } from 'zod';
import { defineNode } from '../../engine/index.ts';
import type { Ports } from '../../engine/index.ts';
import { fillPlaceholders, placeholderNames } from '../shared/placeholders.ts';

const settings = z.object({
  template: z.string().default(''),
  trim: z.boolean().default(true),
});

/** Text with `{{placeholders}}`; each placeholder becomes an input of the node. */
export const templateNode = defineNode({
  type: 'text.template',
  version: 1,
  title: 'Template',
  category: 'data',
  description:
    'Writes text from a template. Every {{name}} in it becomes an input; {{name.field}} reads a field of a JSON input.',
  settings,
  inputs: ({ template }) => {
    const ports: Ports = {};
    for (const name of placeholderNames(template)) ports[name] = { type: 'any' };
    return ports;
  },
  outputs: { text: { type: 'text' } },
  run: (inputs, { template, trim }) => {
    const text = fillPlaceholders(template, inputs);
    return { text: trim ? text.trim() : text };
  },
});
