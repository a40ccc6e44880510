import { userError } from '../../engine/index.ts';

/** Follows local `$ref`s (`#/components/schemas/RunOutputs`) within one OpenAPI document. */
export class RefResolver {
  constructor(
    private readonly document: unknown,
    /** Names the document in errors: `the old contract`. */
    private readonly name: string,
  ) {}

  /** The value a `$ref` chain ends at; anything that is not a `$ref` comes back as it is. */
  resolve(value: unknown): unknown {
    let current = value;
    const followed = new Set<string>();
    while (isRecord(current) && typeof current.$ref === 'string') {
      const ref = current.$ref;
      if (followed.has(ref)) {
        throw userError('CONTRACT_REF_CYCLE', `In ${this.name}, ${ref} refers to itself.`, {
          path: ref,
        });
      }
      followed.add(ref);
      current = this.lookUp(ref);
    }
    return current;
  }

  /**
   * The value with every `$ref` inside it replaced by its target, for comparing two values for
   * equality. A recursive schema is cut where it would repeat, with the `$ref` left standing.
   */
  expand(value: unknown, open: ReadonlySet<string> = new Set()): unknown {
    if (Array.isArray(value)) return value.map((item) => this.expand(item, open));
    if (!isRecord(value)) return value;
    if (typeof value.$ref === 'string') {
      if (open.has(value.$ref)) return value;
      return this.expand(this.lookUp(value.$ref), new Set([...open, value.$ref]));
    }
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[key] = this.expand(item, open);
    return result;
  }

  private lookUp(ref: string): unknown {
    if (!ref.startsWith('#/')) {
      throw userError(
        'CONTRACT_REF_EXTERNAL',
        `In ${this.name}, ${ref} points outside the document; only references within it (#/...) can be compared.`,
        { path: ref },
      );
    }
    let target: unknown = this.document;
    for (const raw of ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
      if (typeof target !== 'object' || target === null || !Object.hasOwn(target, key)) {
        throw userError('CONTRACT_REF_UNRESOLVED', `In ${this.name}, ${ref} refers to nothing.`, {
          path: ref,
        });
      }
      target = (target as Record<string, unknown>)[key];
    }
    return target;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
