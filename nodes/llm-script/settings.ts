import { z } from 'zod';
import { DEFAULT_PRICES } from './prices.ts';
import { DEFAULT_SCRIPT_SCHEMA, schemaProblem } from './script-schema.ts';

const tokenPrice = z.object({
  input: z.number().min(0).describe('USD per million prompt tokens.'),
  output: z.number().min(0).describe('USD per million answer tokens.'),
});

export const llmScriptSettings = z.object({
  model: z.string().min(1).default('gpt-4o-mini'),
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      'An OpenAI-compatible server such as a local model (http://127.0.0.1:11434/v1). Wins over the credential and OPENAI_BASE_URL.',
    ),
  systemPrompt: z
    .string()
    .default(
      'You write short, vivid narration scripts for vertical videos. Plain words, no stage directions.',
    ),
  userPrompt: z
    .string()
    .min(1)
    .default('Write a 30-second video script about {{topic}}.')
    .describe(
      'Each {{name}} becomes an input of the node; {{name.field}} reads a field of a JSON input.',
    ),
  temperature: z
    .number()
    .min(0)
    .max(2)
    .optional()
    .describe("Left empty, the model's own default applies (some models accept no other)."),
  maxTokens: z.int().positive().optional().describe('The most tokens the answer may use.'),
  stream: z.boolean().default(true).describe('Show the answer in the studio as it is written.'),
  timeoutSeconds: z
    .int()
    .min(1)
    .max(3600)
    .default(300)
    .describe(
      'How long the server may send nothing: before it starts answering, or between two pieces of a streamed answer. A time-out is retried.',
    ),
  mode: z
    .enum(['text', 'structured'])
    .default('text')
    .describe('structured asks for JSON that matches the schema and outputs it as `script`.'),
  schema: z
    .record(z.string(), z.unknown())
    .default(DEFAULT_SCRIPT_SCHEMA)
    .superRefine((schema, context) => {
      const problem = schemaProblem(schema);
      if (problem)
        context.addIssue({ code: 'custom', message: `is not a usable JSON Schema: ${problem}` });
    })
    .describe('The JSON Schema of the structured answer; the default is a title and scenes.'),
  strictSchema: z
    .boolean()
    .default(true)
    .describe(
      'Ask OpenAI to hold to the schema exactly; needs every property required and none extra.',
    ),
  prices: z
    .record(z.string(), tokenPrice)
    .default({})
    .describe(
      `Per-model prices in USD per million tokens that replace or extend the built-in table, e.g. { "llama3.2": { "input": 0, "output": 0 } }. Built in (input / output): ${builtInPrices()}.`,
    ),
});

/** The built-in table in words, so that the settings form shows what an entry would replace. */
function builtInPrices(): string {
  return Object.entries(DEFAULT_PRICES)
    .map(([model, price]) => `${model} ${price.input} / ${price.output}`)
    .join(', ');
}

export type LlmScriptSettings = z.infer<typeof llmScriptSettings>;
