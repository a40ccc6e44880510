import { z } from 'zod';
import { isCacheable, portsFor } from './define-node.ts';
import type { AnyNodeDefinition, Ports } from './define-node.ts';
import { isSlug, nodeId } from './ids.ts';
import type { NodeId } from './ids.ts';
import { orderGraph } from './graph-order.ts';
import type { NodeRegistry } from './registry.ts';
import { checkEdges } from './validate-edges.ts';
import { fromIssue, joinPath, lowerFirst } from './validate-issues.ts';
import { WORKFLOW_FORMAT } from './workflow.ts';
import type { WorkflowDocument, WorkflowNode } from './workflow.ts';

/** One thing wrong with a workflow file, located precisely enough to fix without guessing. */
export interface Problem {
  code: string;
  message: string;
  /** A JSON path into the file, such as `nodes[2].settings.url`. */
  path: string;
  nodeId?: string;
  field?: string;
}

export interface Endpoint {
  node: NodeId;
  port: string;
}

export interface CompiledNode {
  id: NodeId;
  definition: AnyNodeDefinition;
  /** Settings as the node's schema parsed them, defaults filled in. */
  settings: unknown;
  source: WorkflowNode;
  inputs: Ports;
  outputs: Ports;
  cacheable: boolean;
  /** For each input port, the outputs wired into it, in file order. */
  incoming: Map<string, Endpoint[]>;
  /** Distinct nodes this one reads from. */
  upstream: NodeId[];
  /** Distinct nodes that read from this one. */
  downstream: NodeId[];
}

/** A workflow that passed validation, with every node's kind, settings and wiring resolved. */
export interface CompiledWorkflow {
  document: WorkflowDocument;
  nodes: Map<NodeId, CompiledNode>;
  /** A topological order: every node after all the nodes it reads from. */
  order: NodeId[];
}

export type ValidationResult =
  { ok: true; workflow: CompiledWorkflow; problems: [] } | { ok: false; problems: Problem[] };

const positionShape = z.object({ x: z.number().finite(), y: z.number().finite() });
const retryShape = z
  .object({
    attempts: z.number().int().min(1).max(20),
    baseDelayMs: z.number().min(0).max(600_000),
    maxDelayMs: z.number().min(0).max(3_600_000),
  })
  .partial();

const nodeShape = z.object({
  id: z.string(),
  type: z.string().min(1),
  title: z.string().optional(),
  position: positionShape,
  settings: z.record(z.string(), z.unknown()).default({}),
  credentials: z.record(z.string(), z.string().min(1)).optional(),
  pinned: z.record(z.string(), z.unknown()).optional(),
  breakpoint: z.boolean().optional(),
  retry: retryShape.optional(),
  notes: z.string().optional(),
});

const documentShape = z.object({
  format: z.literal(WORKFLOW_FORMAT),
  id: z.string().refine(isSlug, 'must start with a letter and use only letters, digits, - and _'),
  name: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version such as 1.0.0'),
  description: z.string().optional(),
  nodes: z.array(z.unknown()),
  edges: z.array(z.unknown()),
});

/**
 * Checks a workflow in full and reports every problem at once. It never throws on bad input and
 * never returns half a graph: either the whole workflow compiles or the caller gets the list.
 */
export function validateWorkflow(raw: unknown, registry: NodeRegistry): ValidationResult {
  const problems: Problem[] = [];
  const top = documentShape.safeParse(raw);
  if (!top.success) {
    const format = isRecord(raw) ? raw.format : undefined;
    problems.push(...top.error.issues.map((issue) => fromIssue(issue, '', undefined, format)));
    if (!isRecord(raw) || !Array.isArray(raw.nodes)) return { ok: false, problems };
  }

  const record = raw as Record<string, unknown>;
  const { nodes, places } = checkNodes(record.nodes as unknown[], registry, problems);
  const edges = checkEdges(Array.isArray(record.edges) ? record.edges : [], nodes, problems);
  checkRequiredInputs(nodes, places, problems);
  checkSingleEntry(nodes, places, problems);
  const order = checkOrder(nodes, places, problems);

  if (problems.length > 0 || !top.success) return { ok: false, problems };
  const document: WorkflowDocument = {
    ...(top.data as Omit<WorkflowDocument, 'nodes' | 'edges'>),
    nodes: [...nodes.values()].map((node) => node.source),
    edges,
  };
  return { ok: true, workflow: { document, nodes, order }, problems: [] };
}

/** Parses workflow text; a JSON syntax error becomes a problem like any other. */
export function parseWorkflowText(text: string, registry: NodeRegistry): ValidationResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [
        { code: 'INVALID_JSON', message: `The file is not valid JSON: ${message}`, path: '' },
      ],
    };
  }
  return validateWorkflow(raw, registry);
}

/** Where each compiled node sits in the file's `nodes` array, for the paths of later problems. */
type Places = Map<NodeId, string>;

function checkNodes(entries: unknown[], registry: NodeRegistry, problems: Problem[]) {
  const nodes = new Map<NodeId, CompiledNode>();
  const places: Places = new Map();

  entries.forEach((entry, index) => {
    const path = `nodes[${index}]`;
    const shape = nodeShape.safeParse(entry);
    if (!shape.success) {
      const id = isRecord(entry) && typeof entry.id === 'string' ? entry.id : undefined;
      problems.push(...shape.error.issues.map((issue) => fromIssue(issue, path, id)));
      return;
    }

    const source = shape.data as WorkflowNode;
    const id = source.id;
    if (!isSlug(id)) {
      problems.push({
        code: 'INVALID_NODE_ID',
        message: `Node id "${id}" must start with a letter and use only letters, digits, - and _.`,
        path: `${path}.id`,
        nodeId: id,
      });
      return;
    }
    if (nodes.has(nodeId(id))) {
      problems.push({
        code: 'DUPLICATE_NODE_ID',
        message: `Two nodes have the id "${id}".`,
        path: `${path}.id`,
        nodeId: id,
      });
      return;
    }

    const compiled = compileNode(source, path, registry, problems);
    if (!compiled) return;
    nodes.set(compiled.id, compiled);
    places.set(compiled.id, path);
  });
  return { nodes, places };
}

function compileNode(
  source: WorkflowNode,
  path: string,
  registry: NodeRegistry,
  problems: Problem[],
): CompiledNode | undefined {
  const definition = registry.get(source.type);
  if (!definition) {
    problems.push({
      code: 'UNKNOWN_NODE_TYPE',
      message: `Node "${source.id}" has the unknown type "${source.type}".`,
      path: `${path}.type`,
      nodeId: source.id,
    });
    return undefined;
  }

  const parsed = definition.settings.safeParse(source.settings);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.');
      problems.push({
        code: 'INVALID_SETTINGS',
        message: `Node "${source.id}" (${definition.title}): setting ${field ? `"${field}" ` : ''}${lowerFirst(issue.message)}.`,
        path: joinPath(`${path}.settings`, issue.path),
        nodeId: source.id,
        field: field || undefined,
      });
    }
    return undefined;
  }

  const slots = new Set((definition.credentials ?? []).map((spec) => spec.id));
  for (const slot of Object.keys(source.credentials ?? {})) {
    if (slots.has(slot)) continue;
    problems.push({
      code: 'UNKNOWN_CREDENTIAL',
      message: `Node "${source.id}" (${definition.title}) takes no credential "${slot}".`,
      path: `${path}.credentials.${slot}`,
      nodeId: source.id,
      field: slot,
    });
  }

  let inputs: Ports;
  let outputs: Ports;
  try {
    inputs = portsFor(definition.inputs, parsed.data);
    outputs = portsFor(definition.outputs, parsed.data);
  } catch (error) {
    problems.push({
      code: 'INVALID_SETTINGS',
      message: `Node "${source.id}" (${definition.title}): ${error instanceof Error ? error.message : String(error)}`,
      path: `${path}.settings`,
      nodeId: source.id,
    });
    return undefined;
  }

  return {
    id: nodeId(source.id),
    definition,
    settings: parsed.data,
    source,
    inputs,
    outputs,
    cacheable: isCacheable(definition, parsed.data),
    incoming: new Map(),
    upstream: [],
    downstream: [],
  };
}

function checkRequiredInputs(
  nodes: Map<NodeId, CompiledNode>,
  places: Places,
  problems: Problem[],
) {
  for (const node of nodes.values()) {
    for (const [port, spec] of Object.entries(node.inputs)) {
      if (spec.optional || node.incoming.has(port)) continue;
      if (node.source.pinned) continue;
      problems.push({
        code: 'MISSING_INPUT',
        message: `Node "${node.id}" (${node.definition.title}) needs its input "${port}" connected.`,
        path: `${places.get(node.id)}.inputs.${port}`,
        nodeId: node.id,
        field: port,
      });
    }
  }
}

/** A pipeline has one entry: one Input node or one trigger, whose fields are its contract. */
function checkSingleEntry(nodes: Map<NodeId, CompiledNode>, places: Places, problems: Problem[]) {
  const entries = [...nodes.values()].filter(
    (node) => node.definition.role && node.definition.role !== 'output',
  );
  for (const extra of entries.slice(1)) {
    problems.push({
      code: 'MULTIPLE_ENTRIES',
      message: `Node "${extra.id}" (${extra.definition.title}) is a second entry point; a pipeline starts at one Input or trigger node ("${entries[0]!.id}").`,
      path: places.get(extra.id)!,
      nodeId: extra.id,
    });
  }
}

/** Orders the graph; every node on a loop is named, with the others on the same loop. */
function checkOrder(nodes: Map<NodeId, CompiledNode>, places: Places, problems: Problem[]) {
  const { order, cycles } = orderGraph(nodes);
  for (const cycle of cycles) {
    for (const id of cycle) {
      const others = cycle.filter((other) => other !== id).map((other) => `"${other}"`);
      const how = others.length > 0 ? `on a loop with ${others.join(', ')}` : 'wired into itself';
      problems.push({
        code: 'CYCLE',
        message: `Node "${id}" is ${how}; pipelines must flow one way.`,
        path: places.get(id)!,
        nodeId: id,
      });
    }
  }
  return order;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
