import type { CostEntry } from '../../engine/index.ts';

/** US dollars per million tokens, as the provider bills them. */
export interface TokenPrice {
  input: number;
  output: number;
}

export type PriceTable = Record<string, TokenPrice>;

/**
 * OpenAI's list prices (USD per million tokens) for the models people most often pick, as
 * published when this table was written. Prices change and local models cost nothing, so the
 * node's `prices` setting overrides or extends any entry.
 */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5': { input: 1.25, output: 10 },
  'o4-mini': { input: 1.1, output: 4.4 },
  o3: { input: 2, output: 8 },
};

/**
 * The price of a model: an exact entry, else the longest entry the model id starts with, so that
 * dated snapshots (`gpt-4o-mini-2024-07-18`) bill like their family. User entries win.
 */
export function priceFor(model: string, overrides: PriceTable = {}): TokenPrice | undefined {
  const table: PriceTable = { ...DEFAULT_PRICES, ...overrides };
  if (table[model]) return table[model];

  const family = Object.keys(table)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return family ? table[family] : undefined;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** The two cost entries (prompt and answer) one completion adds to the meter. */
export function tokenCosts(model: string, usage: TokenUsage, price: TokenPrice): CostEntry[] {
  return [
    {
      usd: (usage.inputTokens * price.input) / 1_000_000,
      unit: 'input tokens',
      quantity: usage.inputTokens,
      note: model,
    },
    {
      usd: (usage.outputTokens * price.output) / 1_000_000,
      unit: 'output tokens',
      quantity: usage.outputTokens,
      note: model,
    },
  ];
}
