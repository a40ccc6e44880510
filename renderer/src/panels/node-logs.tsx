import type { LogLine } from '../store/run-store.ts';

/** A node's log lines with their time and level; structured data shown beside the message. */
export function NodeLogs({ lines }: { lines: readonly LogLine[] }) {
  if (lines.length === 0) return <p className="muted">No log lines.</p>;
  return (
    <ol className="log-lines">
      {lines.map((line, index) => (
        <li key={index} className={`log-${line.level}`}>
          <time>{new Date(line.at).toLocaleTimeString()}</time>
          <span className="log-level">{line.level}</span>
          <span className="log-message">{line.message}</span>
          {line.data && Object.keys(line.data).length > 0 ? (
            <code className="log-data">{JSON.stringify(line.data)}</code>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
