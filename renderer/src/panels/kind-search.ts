import type { NodeKindInfo } from '../../../main/api/types.ts';

/**
 * Kinds that match a search, best first: a title that starts with the words, then a title or
 * type that contains them, then a description that does. Every word must match somewhere.
 */
export function searchKinds(kinds: readonly NodeKindInfo[], query: string): NodeKindInfo[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...kinds];

  const scored: { kind: NodeKindInfo; score: number }[] = [];
  for (const kind of kinds) {
    const title = kind.title.toLowerCase();
    const name = `${title} ${kind.type.toLowerCase()} ${kind.category}`;
    const text = `${name} ${kind.description.toLowerCase()}`;
    if (!words.every((word) => text.includes(word))) continue;
    let score = 0;
    if (title.startsWith(words[0]!)) score += 4;
    if (words.every((word) => name.includes(word))) score += 2;
    scored.push({ kind, score });
  }
  return scored.sort((a, b) => b.score - a.score).map((entry) => entry.kind);
}

export const CATEGORY_TITLES: Record<string, string> = {
  'input-output': 'Input and output',
  trigger: 'Triggers',
  ai: 'AI',
  media: 'Media',
  messaging: 'Messaging',
  network: 'Network',
  data: 'Data',
  logic: 'Logic',
};

export const CATEGORY_ORDER = Object.keys(CATEGORY_TITLES);
