/** The parts of JSON Schema (as zod writes it) that the settings form understands. */
export interface Schema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
}

export type Widget =
  | 'select'
  | 'text'
  | 'long-text'
  | 'colour'
  | 'number'
  | 'boolean'
  | 'object'
  | 'list'
  | 'string-list'
  | 'json';

const LONG_TEXT = /prompt|template|body|expression|condition|script|description|text/i;

/** Which control edits a value of this schema; anything unusual falls back to a JSON box. */
export function widgetFor(schema: Schema, name: string): Widget {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (schema.enum && schema.enum.every((option) => typeof option === 'string')) return 'select';
  if (type === 'boolean') return 'boolean';
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'string') {
    if (schema.pattern === '^#[0-9a-fA-F]{6}$') return 'colour';
    const long = typeof schema.default === 'string' && schema.default.length > 50;
    return LONG_TEXT.test(name) || long ? 'long-text' : 'text';
  }
  if (type === 'object' && schema.properties && !schema.additionalProperties) return 'object';
  if (type === 'array' && schema.items?.type === 'object' && schema.items.properties) return 'list';
  if (type === 'array' && schema.items?.type === 'string' && !schema.items.enum)
    return 'string-list';
  return 'json';
}

/**
 * The first thing wrong with a value, in words for the field's caption, or null. The server's
 * validation is the authority; this answers at once while typing.
 */
export function checkValue(schema: Schema, value: unknown, required: boolean): string | null {
  if (value === undefined || value === '')
    return required && schema.default === undefined ? 'Required.' : null;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;

  if (schema.enum && !schema.enum.includes(value))
    return `Must be one of ${schema.enum.join(', ')}.`;
  if ((type === 'number' || type === 'integer') && typeof value === 'number') {
    if (type === 'integer' && !Number.isInteger(value)) return 'Must be a whole number.';
    if (schema.minimum !== undefined && value < schema.minimum)
      return `At least ${schema.minimum}.`;
    if (schema.maximum !== undefined && value > schema.maximum) return `At most ${schema.maximum}.`;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      return `More than ${schema.exclusiveMinimum}.`;
  }
  if (type === 'string' && typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      return schema.minLength === 1
        ? 'Must not be empty.'
        : `At least ${schema.minLength} characters.`;
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      return `At most ${schema.maxLength} characters.`;
    if (schema.pattern && !new RegExp(schema.pattern).test(value))
      return `Does not match the expected form (${schema.pattern}).`;
    if (schema.format === 'uri' && !isUrl(value)) return 'Must be a full address such as https://…';
  }
  if (type === 'array' && Array.isArray(value) && schema.minItems && value.length < schema.minItems)
    return `Needs at least ${schema.minItems}.`;
  return null;
}

/** Words for a property name: `maxCaptionLines` → `Max caption lines`. */
export function labelFor(name: string, schema: Schema): string {
  if (schema.title) return schema.title;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isUrl(text: string): boolean {
  try {
    return Boolean(new URL(text).protocol);
  } catch {
    return false;
  }
}
