import type { ChangeList } from './change.ts';
import type { RefResolver } from './ref-resolver.ts';
import { compareSchemas } from './schema-diff.ts';
import type { Direction } from './schema-diff.ts';

/**
 * The request and response sides of one operation present in both contracts: parameters, body,
 * statuses, headers and media types, down to the schemas.
 */

type Json = Record<string, unknown>;

export interface DiffContext {
  changes: ChangeList;
  oldDoc: RefResolver;
  newDoc: RefResolver;
  oldRoot: Json;
  newRoot: Json;
  seen: Set<string>;
}

export interface Operation {
  label: string;
  value: Json;
  /** Path-level parameters, which apply to the operation unless it overrides them. */
  shared: unknown[];
  security: string[][];
}

export function compareParameters(context: DiffContext, before: Operation, after: Operation) {
  const oldParams = parameters(context.oldDoc, before);
  const newParams = parameters(context.newDoc, after);
  const where = before.label;

  for (const [key, parameter] of oldParams) {
    const place = `${where} parameter ${key}`;
    const next = newParams.get(key);
    if (!next) {
      if (parameter.in !== 'path') {
        context.changes.breaking('parameter-removed', place, `The parameter ${key} was removed.`);
      }
      continue;
    }
    if (!parameter.required && next.required) {
      context.changes.breaking('parameter-became-required', place, `${key} is now required.`);
    }
    schemaDiff(context, 'request', parameter.schema, next.schema, place);
  }
  for (const [key, parameter] of newParams) {
    if (oldParams.has(key)) continue;
    const place = `${where} parameter ${key}`;
    if (parameter.required && parameter.in !== 'path') {
      context.changes.breaking('required-parameter-added', place, `${key} was added, required.`);
    } else if (parameter.in !== 'path') {
      context.changes.addition('parameter-added', place, `${key} was added, optional.`);
    }
  }
}

function parameters(doc: RefResolver, operation: Operation): Map<string, Json> {
  const result = new Map<string, Json>();
  const own = Array.isArray(operation.value.parameters) ? operation.value.parameters : [];
  let pathIndex = 0;
  for (const raw of [...operation.shared, ...own]) {
    const parameter = record(doc.resolve(raw));
    const where = String(parameter.in);
    // Path parameters are matched by position, since renaming one changes no request; header
    // names are case-insensitive.
    if (where === 'path') {
      result.set(`path.${pathIndex}`, parameter);
      pathIndex += 1;
      continue;
    }
    const name = where === 'header' ? String(parameter.name).toLowerCase() : String(parameter.name);
    result.set(`${where}.${name}`, parameter);
  }
  return result;
}

export function compareRequestBody(context: DiffContext, before: Operation, after: Operation) {
  const oldBody = record(context.oldDoc.resolve(before.value.requestBody));
  const newBody = record(context.newDoc.resolve(after.value.requestBody));
  const where = `${before.label} request`;
  const hadBody = before.value.requestBody !== undefined;
  const hasBody = after.value.requestBody !== undefined;

  if (hadBody && !hasBody) {
    context.changes.breaking('request-body-removed', where, `${before.label} takes no body now.`);
    return;
  }
  if (!hadBody && hasBody) {
    const required = newBody.required === true;
    const text = `${before.label} now takes a${required ? ' required' : 'n optional'} body.`;
    if (required) context.changes.breaking('request-body-added', where, text);
    else context.changes.addition('request-body-added', where, text);
  }
  if (hadBody && oldBody.required !== true && newBody.required === true) {
    context.changes.breaking('request-body-required', where, `${before.label} requires a body.`);
  }
  compareContent(context, 'request', oldBody.content, newBody.content, where);
}

export function compareResponses(
  context: DiffContext,
  before: Operation,
  after: Operation,
  keyDropped: boolean,
) {
  const oldResponses = record(before.value.responses);
  const newResponses = record(after.value.responses);

  for (const [status, raw] of Object.entries(oldResponses)) {
    const where = `${before.label} ${status}`;
    if (!(status in newResponses)) {
      // Without credentials to refuse, a 401 cannot happen; clients lose nothing.
      if (status === '401' && keyDropped) {
        const text = `${before.label} no longer answers 401, as it asks for no credentials.`;
        context.changes.addition('status-removed', where, text);
        continue;
      }
      const text = `${before.label} no longer answers ${status}.`;
      context.changes.breaking('status-removed', where, text);
      continue;
    }
    const oldResponse = record(context.oldDoc.resolve(raw));
    const newResponse = record(context.newDoc.resolve(newResponses[status]));
    if (oldResponse.description !== newResponse.description) {
      const text = `The description of ${where} changed.`;
      context.changes.wording('response-description-changed', where, text);
    }
    compareHeaders(context, oldResponse.headers, newResponse.headers, where);
    compareContent(context, 'response', oldResponse.content, newResponse.content, where);
  }
  for (const status of Object.keys(newResponses)) {
    if (status in oldResponses) continue;
    const where = `${before.label} ${status}`;
    context.changes.addition('status-added', where, `${before.label} may now answer ${status}.`);
  }
}

function compareHeaders(context: DiffContext, oldValue: unknown, newValue: unknown, where: string) {
  const before = lowerKeys(record(oldValue));
  const after = lowerKeys(record(newValue));
  for (const [name, header] of Object.entries(before)) {
    if (!(name in after)) {
      const text = `${where} no longer sends the header ${name}.`;
      context.changes.breaking('response-header-removed', `${where} header ${name}`, text);
      continue;
    }
    const oldHeader = record(context.oldDoc.resolve(header));
    const newHeader = record(context.newDoc.resolve(after[name]));
    schemaDiff(context, 'response', oldHeader.schema, newHeader.schema, `${where} header ${name}`);
  }
  for (const name of Object.keys(after)) {
    if (name in before) continue;
    const text = `${where} now sends the header ${name}.`;
    context.changes.addition('response-header-added', `${where} header ${name}`, text);
  }
}

function compareContent(
  context: DiffContext,
  direction: Direction,
  oldValue: unknown,
  newValue: unknown,
  where: string,
) {
  const before = record(oldValue);
  const after = record(newValue);
  for (const [mediaType, entry] of Object.entries(before)) {
    if (!(mediaType in after)) {
      const text = `${where} no longer ${direction === 'request' ? 'takes' : 'gives'} ${mediaType}.`;
      context.changes.breaking('media-type-removed', `${where} ${mediaType}`, text);
      continue;
    }
    const oldSchema = record(entry).schema;
    const newSchema = record(after[mediaType]).schema;
    schemaDiff(context, direction, oldSchema, newSchema, `${where}`);
  }
  for (const mediaType of Object.keys(after)) {
    if (mediaType in before) continue;
    const text = `${where} now also ${direction === 'request' ? 'takes' : 'gives'} ${mediaType}.`;
    context.changes.addition('media-type-added', `${where} ${mediaType}`, text);
  }
}

function schemaDiff(
  context: DiffContext,
  direction: Direction,
  oldSchema: unknown,
  newSchema: unknown,
  where: string,
) {
  compareSchemas(
    {
      changes: context.changes,
      oldDoc: context.oldDoc,
      newDoc: context.newDoc,
      direction,
      seen: context.seen,
    },
    oldSchema ?? {},
    newSchema ?? {},
    where,
  );
}

function lowerKeys(value: Json): Json {
  const result: Json = {};
  for (const [key, item] of Object.entries(value)) result[key.toLowerCase()] = item;
  return result;
}

function record(value: unknown): Json {
  return isRecord(value) ? value : {};
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
