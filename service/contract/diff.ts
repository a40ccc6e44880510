import { userError } from '../../engine/index.ts';
import { ChangeList } from './change.ts';
import type { ContractChange } from './change.ts';
import { RefResolver } from './ref-resolver.ts';
import { compareParameters, compareRequestBody, compareResponses } from './exchange-diff.ts';
import type { DiffContext, Operation } from './exchange-diff.ts';

export type { ChangeKind, ContractChange, VersionBump } from './change.ts';
export { bumpVersion, checkVersion, requiredBump } from './version-check.ts';
export type { VersionCheck } from './version-check.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

type Json = Record<string, unknown>;

/**
 * What changed between two OpenAPI documents, for clients of the old one: breaking changes (a
 * removed route, status, media type or field, a retyped field, a new required input, a
 * narrowed enum, a new security demand), additions, and wording. `$ref`s are followed within
 * each document; a schema shared by several operations is reported once, under its name.
 */
export function diffContracts(oldContract: unknown, newContract: unknown): ContractChange[] {
  const context: DiffContext = {
    changes: new ChangeList(),
    oldDoc: new RefResolver(oldContract, 'the old contract'),
    newDoc: new RefResolver(newContract, 'the new contract'),
    oldRoot: documentOf(oldContract, 'old'),
    newRoot: documentOf(newContract, 'new'),
    seen: new Set(),
  };

  compareInfo(context);
  compareRoutes(context);
  return context.changes.items;
}

function documentOf(value: unknown, which: 'old' | 'new'): Json {
  if (!isRecord(value) || typeof value.openapi !== 'string' || !isRecord(value.paths)) {
    throw userError(
      'CONTRACT_INVALID',
      `The ${which} contract is not an OpenAPI document: it needs "openapi" and "paths".`,
      { field: which },
    );
  }
  return value;
}

function compareInfo({ changes, oldRoot, newRoot }: DiffContext) {
  const before = record(oldRoot.info);
  const after = record(newRoot.info);
  for (const key of ['title', 'summary', 'description']) {
    if (before[key] === after[key]) continue;
    changes.wording(`info-${key}-changed`, `info.${key}`, `The contract's ${key} changed.`);
  }
}

function compareRoutes(context: DiffContext) {
  const before = operations(context.oldRoot, context.oldDoc);
  const after = operations(context.newRoot, context.newDoc);

  for (const [key, operation] of before) {
    const next = after.get(key);
    if (!next) {
      const text = `The route ${operation.label} was removed.`;
      context.changes.breaking('route-removed', operation.label, text);
      continue;
    }
    compareOperation(context, operation, next);
  }
  for (const [key, operation] of after) {
    if (before.has(key)) continue;
    const text = `The route ${operation.label} was added.`;
    context.changes.addition('route-added', operation.label, text);
  }
}

/** Operations keyed by method and path shape: renaming `{id}` to `{runId}` is not a new route. */
function operations(root: Json, doc: RefResolver): Map<string, Operation> {
  const result = new Map<string, Operation>();
  for (const [path, rawItem] of Object.entries(record(root.paths))) {
    const item = record(doc.resolve(rawItem));
    for (const method of METHODS) {
      if (!isRecord(item[method])) continue;
      const value = item[method];
      const label = `${method.toUpperCase()} ${path}`;
      const security = requirementNames(value.security ?? root.security);
      const shared = Array.isArray(item.parameters) ? item.parameters : [];
      result.set(`${method} ${path.replace(/\{[^}]*\}/g, '{}')}`, {
        label,
        value,
        shared,
        security,
      });
    }
  }
  return result;
}

function compareOperation(context: DiffContext, before: Operation, after: Operation) {
  const { changes } = context;
  const where = before.label;

  if (before.value.operationId !== after.value.operationId) {
    const text = `The operation id changed from ${String(before.value.operationId)} to ${String(after.value.operationId)}; generated clients name their methods by it.`;
    changes.breaking('operation-id-changed', where, text);
  }
  for (const key of ['summary', 'description']) {
    if (before.value[key] === after.value[key]) continue;
    changes.wording(`operation-${key}-changed`, where, `The ${key} of ${where} changed.`);
  }

  const keyDropped = compareSecurity(context, before, after);
  compareParameters(context, before, after);
  compareRequestBody(context, before, after);
  compareResponses(context, before, after, keyDropped);
}

/** Reports changed credentials demands; answers whether the operation stopped asking for any. */
function compareSecurity({ changes }: DiffContext, before: Operation, after: Operation): boolean {
  const open = (list: string[][]) => list.length === 0 || list.some((set) => set.length === 0);
  const oldOpen = open(before.security);
  const newOpen = open(after.security);
  const where = before.label;
  if (oldOpen && !newOpen) {
    const text = `${where} now asks for credentials (${after.security.map((set) => set.join(' + ')).join(' or ')}).`;
    changes.breaking('security-added', where, text);
  } else if (!oldOpen && newOpen) {
    changes.addition('security-removed', where, `${where} no longer asks for credentials.`);
  } else if (!oldOpen && !newOpen) {
    const lost = before.security.filter(
      (set) => !after.security.some((next) => sameSet(set, next)),
    );
    if (lost.length > 0) {
      const text = `${where} no longer accepts ${lost.map((set) => set.join(' + ')).join(' or ')}.`;
      changes.breaking('security-changed', where, text);
    }
  }
  return !oldOpen && newOpen;
}

function requirementNames(value: unknown): string[][] {
  if (!Array.isArray(value)) return [];
  return value.map((requirement) => Object.keys(record(requirement)).sort());
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

function record(value: unknown): Json {
  return isRecord(value) ? value : {};
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
