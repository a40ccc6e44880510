import type { NodeId } from './ids.ts';

interface GraphNode {
  upstream: readonly NodeId[];
  downstream: readonly NodeId[];
}

export interface GraphOrder {
  /** Every node that lies on no cycle and after none, after all the nodes it reads from. */
  order: NodeId[];
  /** The cycles, each as the set of nodes that reach one another, in the graph's own order. */
  cycles: NodeId[][];
}

/**
 * Orders a graph with Kahn's algorithm. What Kahn leaves over is a cycle or lies downstream of
 * one; only the first is the author's mistake, so the leftovers are split into strongly
 * connected components and a node is named only when it truly sits on a loop.
 */
export function orderGraph(nodes: ReadonlyMap<NodeId, GraphNode>): GraphOrder {
  const remaining = new Map<NodeId, number>();
  for (const [id, node] of nodes) remaining.set(id, node.upstream.length);

  const order: NodeId[] = [];
  const ready = [...remaining].filter(([, count]) => count === 0).map(([id]) => id);
  for (let index = 0; index < ready.length; index += 1) {
    const id = ready[index]!;
    order.push(id);
    for (const next of nodes.get(id)!.downstream) {
      const count = remaining.get(next)! - 1;
      remaining.set(next, count);
      if (count === 0) ready.push(next);
    }
  }
  if (order.length === nodes.size) return { order, cycles: [] };

  const leftover = new Set([...remaining].filter(([, count]) => count > 0).map(([id]) => id));
  return { order, cycles: loopsAmong(nodes, leftover) };
}

/**
 * Tarjan's strongly connected components over the leftover nodes, iterative so that a long
 * chain cannot overflow the stack. A component is a loop when it has two nodes or more, or one
 * node wired into itself.
 */
function loopsAmong(nodes: ReadonlyMap<NodeId, GraphNode>, leftover: Set<NodeId>): NodeId[][] {
  const index = new Map<NodeId, number>();
  const low = new Map<NodeId, number>();
  const onStack = new Set<NodeId>();
  const stack: NodeId[] = [];
  const components: NodeId[][] = [];
  let counter = 0;

  const visit = (root: NodeId) => {
    const frames: { id: NodeId; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);

    while (frames.length > 0) {
      const frame = frames.at(-1)!;
      const targets = nodes.get(frame.id)!.downstream.filter((id) => leftover.has(id));
      if (frame.next < targets.length) {
        const target = targets[frame.next++]!;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          frames.push({ id: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(target)!));
        }
        continue;
      }

      frames.pop();
      const parent = frames.at(-1);
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) !== index.get(frame.id)) continue;

      const component: NodeId[] = [];
      let member: NodeId;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.id);
      const selfLoop = nodes.get(frame.id)!.downstream.includes(frame.id);
      if (component.length > 1 || selfLoop) components.push(component);
    }
  };

  for (const id of leftover) if (!index.has(id)) visit(id);
  const position = new Map([...nodes.keys()].map((id, at) => [id, at]));
  return components
    .map((component) => component.sort((a, b) => position.get(a)! - position.get(b)!))
    .sort((a, b) => position.get(a[0]!)! - position.get(b[0]!)!);
}
