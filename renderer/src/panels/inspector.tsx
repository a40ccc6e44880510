import { useEffect, useState } from 'react';
import { formatDuration, formatUsd } from '../canvas/node-status.tsx';
import type { PortSpec } from '../../../engine/define-node.ts';
import { useCatalogue, usePorts } from '../store/catalogue-store.ts';
import type { NodeRef } from '../store/graph-types.ts';
import { pinOutputs, startRun, unpin } from '../store/run-actions.ts';
import { selectLive, useRun } from '../store/run-store.ts';
import type { NodeRun } from '../store/run-store.ts';
import { NodeLogs } from './node-logs.tsx';
import { ValueView } from './value-view.tsx';

type Tab = 'outputs' | 'inputs' | 'logs' | 'attempts';

/** What the selected node did in the run on screen: values, logs, attempts and cost. */
export function Inspector({ node }: { node: NodeRef }) {
  const run = useRun((state) => state.nodes[node.id]);
  // Paused at a breakpoint counts: a second run would leave the first one waiting for ever.
  const live = useRun(selectLive);
  const [tab, setTab] = useState<Tab>(run?.status === 'paused' ? 'inputs' : 'outputs');
  const paused = run?.status === 'paused';
  // At a breakpoint the node has no outputs yet; what it is about to get is what matters.
  useEffect(() => {
    if (paused) setTab('inputs');
  }, [paused]);
  const pinned = Boolean(node.data.pinned && Object.keys(node.data.pinned).length > 0);

  return (
    <div className="panel-body inspector" data-node={node.id}>
      <header className="inspector-head">
        <h2>{node.data.title ?? node.id}</h2>
        {run ? <RunFacts run={run} /> : <p className="muted">This node has not run yet.</p>}
        {run?.error ? (
          <p className="problem-text" role="alert">
            {run.error.message}
          </p>
        ) : null}
      </header>
      <div className="button-row">
        <button
          type="button"
          className="small-button"
          disabled={live}
          onClick={() => void startRun({ startFrom: node.id })}
        >
          Run from here
        </button>
        <button
          type="button"
          className="small-button"
          disabled={live}
          onClick={() => void startRun({ stopAt: node.id })}
        >
          Run up to here
        </button>
        {pinned ? (
          <button type="button" className="small-button" onClick={() => unpin(node.id)}>
            Unpin outputs
          </button>
        ) : (
          <button
            type="button"
            className="small-button"
            disabled={!run?.outputs}
            onClick={() => pinOutputs(node.id)}
          >
            Pin outputs
          </button>
        )}
      </div>
      <nav className="tabs" role="tablist">
        {(['outputs', 'inputs', 'logs', 'attempts'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={tab === name ? 'tab active' : 'tab'}
            onClick={() => setTab(name)}
          >
            {name}
            {name === 'logs' && run?.logs.length ? ` (${run.logs.length})` : ''}
          </button>
        ))}
      </nav>
      {tab === 'outputs' ? <Ports node={node} run={run} side="outputs" /> : null}
      {tab === 'inputs' ? <Ports node={node} run={run} side="inputs" /> : null}
      {tab === 'logs' ? <NodeLogs lines={run?.logs ?? []} /> : null}
      {tab === 'attempts' ? <Attempts run={run} /> : null}
    </div>
  );
}

function RunFacts({ run }: { run: NodeRun }) {
  return (
    <dl className="facts">
      <dt>State</dt>
      <dd data-status={run.status}>
        {run.status === 'cached' ? `reused (${run.source ?? 'cache'})` : run.status}
      </dd>
      {run.durationMs !== undefined ? (
        <>
          <dt>Took</dt>
          <dd>{formatDuration(run.durationMs)}</dd>
        </>
      ) : null}
      <dt>Attempts</dt>
      <dd>{run.attempts}</dd>
      <dt>Cost</dt>
      <dd>{formatUsd(run.costUsd)}</dd>
    </dl>
  );
}

function Ports({ node, run, side }: { node: NodeRef; run?: NodeRun; side: 'inputs' | 'outputs' }) {
  const ports = usePorts(node.id, node.data.kind)[side];
  const values = side === 'outputs' ? (run?.outputs ?? node.data.pinned) : run?.inputs;
  const names = Object.keys(ports);
  for (const name of Object.keys(values ?? {})) if (!names.includes(name)) names.push(name);
  if (names.length === 0) return <p className="muted">This node has no {side}.</p>;

  return (
    <div className="port-values">
      {names.map((name) => (
        <section key={name} className="port-value" data-port={name}>
          <PortHeading name={name} spec={ports[name]} />
          <ValueView
            value={values?.[name]}
            streaming={side === 'outputs' ? run?.partial?.[name] : undefined}
          />
        </section>
      ))}
    </div>
  );
}

/** A port's name as written, with its type as a small label in the type's canvas colour. */
function PortHeading({ name, spec }: { name: string; spec?: PortSpec }) {
  const colour = useCatalogue((state) =>
    spec ? state.catalogue?.portColours[spec.type] : undefined,
  );
  return (
    <h3 className="port-value-head">
      <span className="port-value-name">{spec?.title ?? name}</span>
      {spec ? (
        <span className="port-value-type" style={colour ? { color: colour } : undefined}>
          {spec.type}
        </span>
      ) : null}
    </h3>
  );
}

function Attempts({ run }: { run?: NodeRun }) {
  if (!run || run.attempts === 0) return <p className="muted">No attempts yet.</p>;
  return (
    <ol className="attempts">
      {run.retries.map((retry) => (
        <li key={retry.attempt}>
          Attempt {retry.attempt} failed: {retry.error.message}{' '}
          <span className="muted">(retried after {formatDuration(retry.delayMs)})</span>
        </li>
      ))}
      <li>
        Attempt {run.attempts}: {run.status}
        {run.error ? `: ${run.error.message}` : ''}
      </li>
    </ol>
  );
}
