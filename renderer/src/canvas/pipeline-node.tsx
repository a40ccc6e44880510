import { useUpdateNodeInternals } from '@xyflow/react';
import type { NodeProps } from '@xyflow/react';
import { memo, useEffect, useRef, useState } from 'react';
import { usePorts, useCatalogue } from '../store/catalogue-store.ts';
import type { PipelineNode } from '../store/graph-types.ts';
import { useProblems } from '../store/problems-store.ts';
import { useRun } from '../store/run-store.ts';
import { useHandlesBack, useOverview } from './level-of-detail.ts';
import { NodeStatus } from './node-status.tsx';
import { PortRow } from './port-handle.tsx';

/**
 * A node on the canvas. Memoised, and each store is read through a selector for this node
 * alone, so a run event or a drag re-renders the one node it concerns, not all of them.
 */
export const PipelineNodeView = memo(function PipelineNodeView({
  id,
  data,
  selected,
  width,
  height,
}: NodeProps<PipelineNode>) {
  const kind = useCatalogue((state) => state.kinds[data.kind]);
  const ports = usePorts(id, data.kind);
  const run = useRun((state) => state.nodes[id]);
  const problems = useProblems((state) => state.byNode[id]);
  const inputs = Object.entries(ports.inputs);
  const outputs = Object.entries(ports.outputs);
  const pinned = data.pinned && Object.keys(data.pinned).length > 0;

  // React Flow measures handles when a node first appears; ports that follow settings (an
  // Input's fields, a Template's placeholders) come and go later, so it must measure again.
  const updateNodeInternals = useUpdateNodeInternals();
  const portKey = `${Object.keys(ports.inputs).join(',')}|${Object.keys(ports.outputs).join(',')}`;
  const firstKey = useRef(portKey);
  useEffect(() => {
    if (portKey !== firstKey.current) updateNodeInternals(id);
  }, [id, portKey, updateNodeInternals]);
  const overview = useOverview();
  useHandlesBack(id, overview);
  // The ports the node last showed in full: a box keeps the size React Flow measured then, so
  // when the ports change in an overview (a new {{name}} in a Template) the node is shown
  // in full once more, out of sight, to be measured again.
  const [measuredPorts, setMeasuredPorts] = useState(portKey);
  const boxed =
    overview && width !== undefined && height !== undefined && measuredPorts === portKey;
  useEffect(() => {
    if (measuredPorts === portKey) return;
    // Back to a box once the browser has laid the full node out and React Flow has measured it:
    // after the next frame, not in it.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => setMeasuredPorts(portKey));
    });
    return () => cancelAnimationFrame(frame);
  }, [measuredPorts, portKey]);

  const classes = ['pipeline-node', `category-${kind?.category ?? 'unknown'}`];
  if (selected) classes.push('selected');
  if (problems) classes.push('has-problems');
  if (run) classes.push(`run-${run.status}`);

  // In an overview, once measured, a node is an empty box of its own size: a workflow seen whole
  // then has a few elements per node to lay out and hit-test instead of a few dozen.
  if (boxed) {
    classes.push('overview-box');
    return (
      <div
        className={classes.join(' ')}
        data-node-id={id}
        data-kind={data.kind}
        style={{ width, height }}
      />
    );
  }

  return (
    <div className={classes.join(' ')} data-node-id={id} data-kind={data.kind}>
      <header className="node-header">
        <span className="node-title">{data.title ?? kind?.title ?? data.kind}</span>
        <span className="node-badges">
          {data.breakpoint ? <span className="badge badge-breakpoint" title="Breakpoint" /> : null}
          {pinned ? (
            <span className="badge badge-pin" title="Outputs pinned">
              pin
            </span>
          ) : null}
          {problems ? (
            <span className="badge badge-problem" title={problems.map((p) => p.message).join('\n')}>
              {problems.length}
            </span>
          ) : null}
        </span>
      </header>
      <div className="node-kind">
        {id} · {kind ? kind.type : `unknown kind ${data.kind}`}
      </div>
      {run ? <NodeStatus run={run} /> : null}
      <div className="node-ports">
        <div className="node-inputs">
          {inputs.map(([name, spec]) => (
            <PortRow key={name} name={name} spec={spec} side="input" withHandle={!overview} />
          ))}
        </div>
        <div className="node-outputs">
          {outputs.map(([name, spec]) => (
            <PortRow key={name} name={name} spec={spec} side="output" withHandle={!overview} />
          ))}
        </div>
      </div>
      {problems ? <div className="node-problem">{problems[0]!.message}</div> : null}
    </div>
  );
});
