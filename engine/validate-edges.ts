import { z } from 'zod';
import { nodeId } from './ids.ts';
import type { NodeId } from './ids.ts';
import { canConnect } from './port-types.ts';
import type { CompiledNode, Problem } from './validate.ts';
import { fromIssue } from './validate-issues.ts';
import type { WorkflowEdge } from './workflow.ts';

const endpointShape = z.tuple([z.string(), z.string()]);
const edgeShape = z.object({ from: endpointShape, to: endpointShape });

/**
 * Checks every edge against the nodes that compiled: both ends exist, the ports exist, the types
 * fit, no edge twice. Each good edge is wired into its nodes; the good ones are returned.
 */
export function checkEdges(
  entries: unknown[],
  nodes: Map<NodeId, CompiledNode>,
  problems: Problem[],
) {
  const edges: WorkflowEdge[] = [];
  const seen = new Set<string>();

  entries.forEach((entry, index) => {
    const path = `edges[${index}]`;
    const shape = edgeShape.safeParse(entry);
    if (!shape.success) {
      problems.push(...shape.error.issues.map((issue) => fromIssue(issue, path)));
      return;
    }

    const edge = shape.data as WorkflowEdge;
    const [fromNode, fromPort] = edge.from;
    const [toNode, toPort] = edge.to;
    const source = nodes.get(nodeId(fromNode));
    const target = nodes.get(nodeId(toNode));
    const output = source?.outputs[fromPort];
    const input = target?.inputs[toPort];

    if (!nodes.has(nodeId(fromNode)) && !nodeIsKnownBroken(fromNode, problems)) {
      problems.push(missingNode(path, 'from', fromNode));
    } else if (source && !hasOwn(source.outputs, fromPort)) {
      problems.push(missingPort(path, 'from', source, fromPort, 'output'));
    }
    if (!nodes.has(nodeId(toNode)) && !nodeIsKnownBroken(toNode, problems)) {
      problems.push(missingNode(path, 'to', toNode));
    } else if (target && !hasOwn(target.inputs, toPort)) {
      problems.push(missingPort(path, 'to', target, toPort, 'input'));
    }
    if (!source || !target || !output || !input) return;
    if (!hasOwn(source.outputs, fromPort) || !hasOwn(target.inputs, toPort)) return;

    const key = `${fromNode}\u0000${fromPort}\u0000${toNode}\u0000${toPort}`;
    if (seen.has(key)) {
      problems.push({
        code: 'DUPLICATE_EDGE',
        message: `The edge from ${fromNode}.${fromPort} to ${toNode}.${toPort} appears twice.`,
        path,
        nodeId: toNode,
      });
      return;
    }
    seen.add(key);

    const fit = canConnect(output.type, input.type);
    if (!fit.ok) {
      problems.push({
        code: 'TYPE_MISMATCH',
        message: `Cannot connect ${fromNode}.${fromPort} to ${toNode}.${toPort}: ${fit.reason}.`,
        path,
        nodeId: toNode,
        field: toPort,
      });
      return;
    }

    edges.push(edge);
    wire(source, target, fromPort, toPort);
  });
  return edges;
}

function wire(source: CompiledNode, target: CompiledNode, fromPort: string, toPort: string) {
  const list = target.incoming.get(toPort) ?? [];
  list.push({ node: source.id, port: fromPort });
  target.incoming.set(toPort, list);
  if (!target.upstream.includes(source.id)) target.upstream.push(source.id);
  if (!source.downstream.includes(target.id)) source.downstream.push(target.id);
}

function missingNode(path: string, end: 'from' | 'to', id: string): Problem {
  return {
    code: 'MISSING_NODE',
    message: `An edge ${end === 'from' ? 'starts at' : 'ends at'} node "${id}", which does not exist.`,
    path: `${path}.${end}[0]`,
    nodeId: id,
  };
}

function missingPort(
  path: string,
  end: 'from' | 'to',
  node: CompiledNode,
  port: string,
  kind: 'input' | 'output',
): Problem {
  const ports = Object.keys(kind === 'input' ? node.inputs : node.outputs);
  return {
    code: 'MISSING_PORT',
    message: `Node "${node.id}" (${node.definition.title}) has no ${kind} "${port}"; it has ${ports.length ? ports.map((p) => `"${p}"`).join(', ') : 'none'}.`,
    path: `${path}.${end}[1]`,
    nodeId: node.id,
    field: port,
  };
}

/** A node that failed its own checks is already reported; edges to it need no second word. */
function nodeIsKnownBroken(id: string, problems: Problem[]): boolean {
  return problems.some((problem) => problem.nodeId === id && problem.path.startsWith('nodes['));
}

function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}
