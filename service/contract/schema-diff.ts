import { stableStringify } from '../../engine/index.ts';
import type { ChangeList } from './change.ts';
import type { RefResolver } from './ref-resolver.ts';

/**
 * Which way values flow through a schema. A request schema breaks clients when it accepts less
 * than before; a response schema breaks them when it may hold something they did not expect.
 */
export type Direction = 'request' | 'response';

type Schema = Record<string, unknown>;

interface Walk {
  changes: ChangeList;
  oldDoc: RefResolver;
  newDoc: RefResolver;
  direction: Direction;
  /** Component pairs already compared in this direction: shared schemas are reported once. */
  seen: Set<string>;
}

/**
 * Compares two JSON Schemas from two contracts and records what changed for clients. `where`
 * names the place (`POST /run request`); `field` is the property path inside the schema.
 */
export function compareSchemas(
  walk: Omit<Walk, 'seen'> & { seen?: Set<string> },
  oldValue: unknown,
  newValue: unknown,
  where: string,
): void {
  compare({ ...walk, seen: walk.seen ?? new Set() }, oldValue, newValue, where, '');
}

function compare(walk: Walk, oldValue: unknown, newValue: unknown, where: string, field: string) {
  const oldRef = refOf(oldValue);
  const newRef = refOf(newValue);
  if (oldRef && newRef && oldRef === newRef) {
    const key = `${walk.direction} ${oldRef}`;
    if (walk.seen.has(key)) return;
    walk.seen.add(key);
    where = componentName(oldRef) ?? where;
    field = '';
  }

  const before = asSchema(walk.oldDoc.resolve(oldValue));
  const after = asSchema(walk.newDoc.resolve(newValue));
  if (same(walk.oldDoc.expand(before), walk.newDoc.expand(after))) return;

  const place = field ? `${where}.${field}` : where;
  const label = field ? `${walk.direction} field "${field}"` : `${walk.direction} body`;
  if (!compareTypes(walk, before, after, place, label)) return;

  compareRestrictions(walk, before, after, place, label);
  compareEnum(walk, before, after, place, label);
  compareWording(walk, before, after, place, label);
  compareProperties(walk, before, after, where, field);
  compareComposites(walk, before, after, where, field);

  if (before.items !== undefined && after.items !== undefined) {
    compare(walk, before.items, after.items, where, `${field}[]`);
  }
  const extraBefore = before.additionalProperties;
  const extraAfter = after.additionalProperties;
  if (isObject(extraBefore) && isObject(extraAfter)) {
    compare(walk, extraBefore, extraAfter, where, `${field}{}`);
  }
}

/** Reports a changed type and answers whether the two schemas are still worth comparing. */
function compareTypes(walk: Walk, before: Schema, after: Schema, place: string, label: string) {
  const oldTypes = typesOf(before);
  const newTypes = typesOf(after);
  const wider = accepts(newTypes, oldTypes);
  const narrower = accepts(oldTypes, newTypes);
  if (wider && narrower) return true;

  const from = describeTypes(oldTypes);
  const to = describeTypes(newTypes);
  const safe = walk.direction === 'request' ? wider : narrower;
  if (safe) {
    walk.changes.addition(
      'type-widened',
      place,
      `The ${label} now also takes ${to}, not only ${from}.`,
    );
    return true;
  }
  walk.changes.breaking('type-changed', place, `The ${label} changed type from ${from} to ${to}.`);
  return false;
}

/** Keywords whose presence or change narrows what a schema allows. */
const RESTRICTING_KEYWORDS = ['format', 'pattern', 'contentMediaType', 'const'] as const;
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];

function compareRestrictions(
  walk: Walk,
  before: Schema,
  after: Schema,
  place: string,
  label: string,
) {
  for (const keyword of RESTRICTING_KEYWORDS) {
    const from = before[keyword];
    const to = after[keyword];
    if (same(from, to)) continue;
    const code = `${kebab(keyword)}-changed`;
    const text = `The ${label}'s ${keyword} changed from ${show(from)} to ${show(to)}.`;
    // One value replaced by another is neither tighter nor looser: old values may now fail.
    if (from !== undefined && to !== undefined) walk.changes.breaking(code, place, text);
    else record(walk, to !== undefined, code, place, text);
  }
  for (const keyword of [...LOWER_BOUNDS, ...UPPER_BOUNDS]) {
    const from = before[keyword];
    const to = after[keyword];
    if (same(from, to)) continue;
    const lower = LOWER_BOUNDS.includes(keyword);
    const tighter =
      from === undefined ||
      (to !== undefined && (lower ? Number(to) > Number(from) : Number(to) < Number(from)));
    const text = `The ${label}'s ${keyword} changed from ${show(from)} to ${show(to)}.`;
    record(walk, tighter, 'bound-changed', place, text);
  }
}

function compareEnum(walk: Walk, before: Schema, after: Schema, place: string, label: string) {
  const from = Array.isArray(before.enum) ? before.enum.map((value) => show(value)) : undefined;
  const to = Array.isArray(after.enum) ? after.enum.map((value) => show(value)) : undefined;
  if (!from && !to) return;
  if (!from || !to) {
    const text = to
      ? `The ${label} now allows only ${to.join(', ')}.`
      : `The ${label} no longer limits its values to ${from!.join(', ')}.`;
    record(walk, to !== undefined, to ? 'enum-added' : 'enum-removed', place, text);
    return;
  }

  const removed = from.filter((value) => !to.includes(value));
  const added = to.filter((value) => !from.includes(value));
  if (removed.length > 0) {
    const text = `The ${label} no longer allows ${removed.join(', ')}.`;
    record(walk, true, 'enum-value-removed', place, text);
  }
  if (added.length > 0) {
    const text =
      walk.direction === 'request'
        ? `The ${label} now also allows ${added.join(', ')}.`
        : `The ${label} may now hold ${added.join(', ')}, which clients do not expect.`;
    record(walk, false, 'enum-value-added', place, text);
  }
}

function compareWording(walk: Walk, before: Schema, after: Schema, place: string, label: string) {
  for (const keyword of ['title', 'description']) {
    if (same(before[keyword], after[keyword])) continue;
    walk.changes.wording(`${keyword}-changed`, place, `The ${label}'s ${keyword} changed.`);
  }
  if (!same(before.examples, after.examples) || !same(before.example, after.example)) {
    walk.changes.wording('example-changed', place, `The ${label}'s example changed.`);
  }
  if (!same(before.default, after.default)) {
    const text = `The ${label}'s default changed from ${show(before.default)} to ${show(after.default)}.`;
    walk.changes.addition('default-changed', place, text);
  }
}

function compareProperties(
  walk: Walk,
  before: Schema,
  after: Schema,
  where: string,
  field: string,
) {
  const oldProps = asRecord(before.properties);
  const newProps = asRecord(after.properties);
  const oldRequired = requiredOf(before);
  const newRequired = requiredOf(after);
  const request = walk.direction === 'request';
  const { changes } = walk;

  for (const name of Object.keys(oldProps)) {
    const path = field ? `${field}.${name}` : name;
    const place = `${where}.${path}`;
    const label = `${walk.direction} field "${path}"`;
    if (!(name in newProps)) {
      changes.breaking(`${walk.direction}-field-removed`, place, `The ${label} was removed.`);
      continue;
    }
    const wasRequired = oldRequired.has(name);
    const isRequired = newRequired.has(name);
    if (wasRequired !== isRequired) {
      const code = isRequired ? 'field-became-required' : 'field-became-optional';
      const text = isRequired
        ? `The ${label} is now required.`
        : `The ${label} is now optional${request ? '' : ' and may be absent'}.`;
      record(walk, isRequired, code, place, text);
    }
    compare(walk, oldProps[name], newProps[name], where, path);
  }

  for (const name of Object.keys(newProps)) {
    if (name in oldProps) continue;
    const path = field ? `${field}.${name}` : name;
    const place = `${where}.${path}`;
    const label = `${walk.direction} field "${path}"`;
    if (request && newRequired.has(name)) {
      changes.breaking('required-field-added', place, `A required ${label} was added.`);
    } else {
      const text = request ? `An optional ${label} was added.` : `A ${label} was added.`;
      changes.addition(`${walk.direction}-field-added`, place, text);
    }
  }

  const place = field ? `${where}.${field}` : where;
  if (request && before.additionalProperties !== false && after.additionalProperties === false) {
    const text = `The ${walk.direction} ${field ? `field "${field}"` : 'body'} now refuses fields it does not name.`;
    changes.breaking('unknown-fields-refused', place, text);
  }
  if (request && before.additionalProperties === false && after.additionalProperties !== false) {
    const text = `The ${walk.direction} ${field ? `field "${field}"` : 'body'} now accepts fields it does not name.`;
    changes.addition('unknown-fields-accepted', place, text);
  }
}

/**
 * `anyOf`, `oneOf` and `allOf` are compared branch by branch in order. A contract generated by
 * Pipewright has none unless a json field's own schema brings them; there, a reordered list
 * reads as changed branches, which errs on the side of calling a change breaking.
 */
function compareComposites(
  walk: Walk,
  before: Schema,
  after: Schema,
  where: string,
  field: string,
) {
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
    const from = Array.isArray(before[keyword]) ? (before[keyword] as unknown[]) : [];
    const to = Array.isArray(after[keyword]) ? (after[keyword] as unknown[]) : [];
    if (from.length === 0 && to.length === 0) continue;
    if (from.length !== to.length) {
      const place = field ? `${where}.${field}` : where;
      const text = `The ${walk.direction} ${field ? `field "${field}"` : 'body'}'s ${keyword} went from ${from.length} to ${to.length} schemas.`;
      walk.changes.breaking(`${kebab(keyword)}-changed`, place, text);
      continue;
    }
    from.forEach((branch, index) => {
      compare(walk, branch, to[index], where, `${field}${field ? '.' : ''}${keyword}[${index}]`);
    });
  }
}

/**
 * Records a restriction change: a tighter schema breaks requests (clients' old values are
 * refused) and is safe for responses (clients see fewer shapes); a looser one the reverse.
 */
function record(walk: Walk, tighter: boolean, code: string, place: string, text: string) {
  const breaking = walk.direction === 'request' ? tighter : !tighter;
  if (breaking) walk.changes.breaking(code, place, text);
  else walk.changes.addition(code, place, text);
}

/** The JSON types a schema allows; an empty list means any. */
function typesOf(schema: Schema): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((type) => typeof type === 'string');
  if (schema.properties !== undefined) return ['object'];
  if (schema.items !== undefined) return ['array'];
  const values = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : [];
  return [...new Set(values.map(typeOfValue))];
}

function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether every value of the `inner` types is also one of the `outer` types. */
function accepts(outer: string[], inner: string[]): boolean {
  if (outer.length === 0) return true;
  if (inner.length === 0) return false;
  return inner.every(
    (type) => outer.includes(type) || (type === 'integer' && outer.includes('number')),
  );
}

function describeTypes(types: string[]): string {
  return types.length === 0 ? 'any value' : types.join(' or ');
}

function requiredOf(schema: Schema): Set<string> {
  return new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
}

function refOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.$ref === 'string' ? value.$ref : undefined;
}

function componentName(ref: string): string | undefined {
  const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  return match ? match[1] : undefined;
}

function asSchema(value: unknown): Schema {
  if (value === false) return { not: {} };
  return isObject(value) ? value : {};
}

function asRecord(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

function show(value: unknown): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}

function kebab(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
