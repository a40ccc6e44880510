import { randomUUID } from 'node:crypto';

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** The id of a node inside one workflow, as written in the workflow file. */
export type NodeId = Brand<string, 'NodeId'>;
/** The id of one run of a workflow. */
export type RunId = Brand<string, 'RunId'>;
/** The id of a workflow, stable across its saved versions. */
export type WorkflowId = Brand<string, 'WorkflowId'>;

const SLUG = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Node and workflow ids are slugs so that they read well in URLs, logs and contracts. */
export function isSlug(value: string): boolean {
  return SLUG.test(value);
}

export function nodeId(value: string): NodeId {
  return value as NodeId;
}

export function workflowId(value: string): WorkflowId {
  return value as WorkflowId;
}

export function runId(value?: string): RunId {
  if (value !== undefined) return value as RunId;
  // The first 20 hex digits of a random UUID (8-4-4-4-12), cut out rather than replaced.
  const uuid = randomUUID();
  return `run_${uuid.slice(0, 8)}${uuid.slice(9, 13)}${uuid.slice(14, 18)}${uuid.slice(19, 23)}` as RunId;
}
