/**
 * `{{name}}` and `{{name.path.to.field}}` placeholders, shared by every node that fills text
 * from its inputs (Template, the LLM prompts). The first segment names an input port.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;

/** The input names a text refers to, in order of first appearance. */
export function placeholderNames(...texts: string[]): string[] {
  const names: string[] = [];
  for (const text of texts) {
    for (const match of text.matchAll(PLACEHOLDER)) {
      if (!names.includes(match[1]!)) names.push(match[1]!);
    }
  }
  return names;
}

/** A text cut at its placeholders: literal pieces between references to an input's field. */
interface CutText {
  literals: string[];
  references: { name: string; path: string[] }[];
}

/** Texts already cut; a node fills the same template on every run. Bounded, then started over. */
const cutTexts = new Map<string, CutText>();
const CUT_TEXTS_KEPT = 256;

function cut(text: string): CutText {
  let found = cutTexts.get(text);
  if (found) return found;
  found = { literals: [], references: [] };
  let from = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    found.literals.push(text.slice(from, match.index));
    found.references.push({ name: match[1]!, path: match[2]!.split('.').filter(Boolean) });
    from = match.index + match[0].length;
  }
  found.literals.push(text.slice(from));
  if (cutTexts.size >= CUT_TEXTS_KEPT) cutTexts.clear();
  cutTexts.set(text, found);
  return found;
}

/** Fills placeholders; objects print as JSON, missing paths as an empty string. */
export function fillPlaceholders(text: string, values: Record<string, unknown>): string {
  const { literals, references } = cut(text);
  let filled = literals[0]!;
  for (let index = 0; index < references.length; index += 1) {
    const { name, path } = references[index]!;
    let value: unknown = values[name];
    for (const key of path) {
      // Own fields only: `{{data.constructor}}` must not reach into the prototype.
      const own = value && typeof value === 'object' && Object.hasOwn(value, key);
      value = own ? (value as Record<string, unknown>)[key] : undefined;
    }
    filled += printed(value) + literals[index + 1]!;
  }
  return filled;
}

function printed(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
