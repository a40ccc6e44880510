import { useState } from 'react';

/** A collapsible view of any JSON value; the first two levels start open. */
export function JsonTree({
  value,
  name,
  depth = 0,
}: {
  value: unknown;
  name?: string;
  depth?: number;
}) {
  const [open, setOpen] = useState(depth < 2);
  const label = name !== undefined ? <span className="json-key">{name}: </span> : null;

  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-row">
        {label}
        <span className={`json-${value === null ? 'null' : typeof value}`}>
          {printScalar(value)}
        </span>
      </div>
    );
  }

  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  const [opening, closing] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return (
    <div className="json-row">
      <button
        type="button"
        className="json-toggle"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
      >
        {open ? '▾' : '▸'}
      </button>
      {label}
      <span className="json-brace">
        {opening}
        {open ? '' : ` ${entries.length} ${entries.length === 1 ? 'item' : 'items'} ${closing}`}
      </span>
      {open ? (
        <div className="json-children">
          {entries.map(([key, item]) => (
            <JsonTree key={key} name={key} value={item} depth={depth + 1} />
          ))}
          <span className="json-brace">{closing}</span>
        </div>
      ) : null}
    </div>
  );
}

function printScalar(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
