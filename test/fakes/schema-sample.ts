/**
 * Builds a deterministic value that satisfies a JSON Schema, worded around a topic, so that the
 * OpenAI fake's structured answers read like a plausible short-video script rather than filler.
 * It covers the subset that OpenAI's strict structured outputs accept: objects, arrays, strings,
 * numbers, booleans, enums, const, anyOf, type unions and local `$ref`s.
 */
export function sampleFromSchema(schema: unknown, topic: string): unknown {
  return new SchemaSampler(schema, topic).sample(schema, { name: '', index: 0, depth: 0 });
}

type Schema = Record<string, unknown>;

interface Place {
  /** The property name the value is for; it picks the wording. */
  name: string;
  /** The position within the nearest array, so scenes differ from one another. */
  index: number;
  depth: number;
}

const OPENINGS = [
  (topic: string) => `Have you ever stopped to wonder about ${topic}?`,
  (topic: string) => `Here is the part of ${topic} that most people never notice.`,
  (topic: string) => `It turns out ${topic} is simpler than it looks, once you see how it works.`,
  (topic: string) => `And that is ${topic}, explained in under a minute.`,
];

const CAPTIONS = ['Ever wondered?', 'The hidden part', 'How it works', 'Now you know'];

class SchemaSampler {
  constructor(
    private readonly root: unknown,
    private readonly topic: string,
  ) {}

  sample(node: unknown, place: Place): unknown {
    const schema = this.resolve(node);
    if (place.depth > 12) return null;
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];

    const variants = schema.anyOf ?? schema.oneOf;
    if (Array.isArray(variants) && variants.length > 0) {
      const chosen = variants.find((variant) => this.resolve(variant).type !== 'null');
      return this.sample(chosen ?? variants[0], place);
    }
    if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
      return this.sample(
        Object.assign({}, ...schema.allOf.map((part) => this.resolve(part))),
        place,
      );
    }

    switch (pickType(schema)) {
      case 'object':
        return this.object(schema, place);
      case 'array':
        return this.array(schema, place);
      case 'integer':
        return Math.round(this.number(schema, place));
      case 'number':
        return this.number(schema, place);
      case 'boolean':
        return true;
      case 'null':
        return null;
      default:
        return this.string(schema, place);
    }
  }

  private object(schema: Schema, place: Place): Record<string, unknown> {
    const properties = isObject(schema.properties) ? schema.properties : {};
    const result: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(properties)) {
      result[name] = this.sample(child, { name, index: place.index, depth: place.depth + 1 });
    }
    return result;
  }

  private array(schema: Schema, place: Place): unknown[] {
    const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
    const max = typeof schema.maxItems === 'number' ? schema.maxItems : Number.POSITIVE_INFINITY;
    const count = Math.max(min, Math.min(max, 3));
    const itemName = singular(place.name);
    return Array.from({ length: count }, (_, index) =>
      this.sample(schema.items ?? {}, { name: itemName, index, depth: place.depth + 1 }),
    );
  }

  private number(schema: Schema, place: Place): number {
    const wordy = /duration|seconds|length|time/i.test(place.name) ? 4 + place.index : 1;
    const min = typeof schema.minimum === 'number' ? schema.minimum : Number.NEGATIVE_INFINITY;
    const max = typeof schema.maximum === 'number' ? schema.maximum : Number.POSITIVE_INFINITY;
    return Math.min(max, Math.max(min, wordy));
  }

  private string(schema: Schema, place: Place): string {
    const text = this.wording(schema, place);
    const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
    const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
    return text.slice(0, max).padEnd(min, '.');
  }

  private wording(schema: Schema, { name, index }: Place): string {
    if (schema.format === 'uri' || schema.format === 'url')
      return `https://example.com/${index + 1}`;
    if (schema.format === 'date-time') return '2025-01-01T00:00:00Z';
    if (schema.format === 'date') return '2025-01-01';
    if (/title|headline|name/i.test(name)) return titleCase(this.topic);
    if (/caption|subtitle|label|overlay/i.test(name)) return CAPTIONS[index % CAPTIONS.length]!;
    if (/hashtag|tag/i.test(name)) return `#${this.topic.replace(/[^a-z0-9]/gi, '')}`;
    if (/prompt|image|visual|background/i.test(name)) {
      return `A bright, simple illustration of ${this.topic}, scene ${index + 1}`;
    }
    if (/narration|text|script|voice|body|content|description|summary|line/i.test(name)) {
      const opening = OPENINGS[index];
      return opening ? opening(this.topic) : `Point ${index + 1} about ${this.topic}.`;
    }
    return `${name || 'value'} ${index + 1} about ${this.topic}`;
  }

  private resolve(node: unknown): Schema {
    if (!isObject(node)) return {};
    const ref = node.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#')) return node;

    let target: unknown = this.root;
    for (const key of ref.slice(1).split('/').filter(Boolean)) {
      target = isObject(target) ? target[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    }
    return isObject(target) ? target : {};
  }
}

function pickType(schema: Schema): string {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((entry) => entry !== 'null') ?? 'null';
  if (isObject(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return 'string';
}

function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

function titleCase(text: string): string {
  return text.replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());
}

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
