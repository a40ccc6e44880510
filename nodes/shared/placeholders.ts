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

/** Fills placeholders; objects print as JSON, missing paths as an empty string. */
export function fillPlaceholders(text: string, values: Record<string, unknown>): string {
  return text.replace(PLACEHOLDER, (_whole, name: string, path: string) => {
    let value: unknown = values[name];
    for (const key of path.split('.').filter(Boolean)) {
      // Own fields only: `{{data.constructor}}` must not reach into the prototype.
      const own = value && typeof value === 'object' && Object.hasOwn(value, key);
      value = own ? (value as Record<string, unknown>)[key] : undefined;
    }
    return printed(value);
  });
}

function printed(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
