import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { searchKinds } from '../panels/kind-search.ts';
import { useCatalogue } from '../store/catalogue-store.ts';
import { useGraph } from '../store/graph-store.ts';
import { useUi } from '../store/ui-store.ts';

const SHOWN = 8;

/** A search box at the pointer: type, pick with the arrows, Enter adds the node there. */
export function QuickAdd() {
  const at = useUi((state) => state.quickAdd);
  if (!at) return null;
  return <QuickAddBox key={`${at.screen.x},${at.screen.y}`} />;
}

function QuickAddBox() {
  const at = useUi((state) => state.quickAdd)!;
  const catalogue = useCatalogue((state) => state.catalogue);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const matches = useMemo(
    () => searchKinds(catalogue?.kinds ?? [], query).slice(0, SHOWN),
    [catalogue, query],
  );

  const box = useRef<HTMLDivElement>(null);
  // Kept inside the window: near the right or bottom edge the box opens to the left or upward.
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const { width, height } = element.getBoundingClientRect();
    const margin = 8;
    const left = Math.min(at.screen.x, window.innerWidth - width - margin);
    const below = at.screen.y + height <= window.innerHeight - margin;
    const top = below ? at.screen.y : at.screen.y - height;
    element.style.left = `${Math.max(margin, left)}px`;
    element.style.top = `${Math.max(margin, Math.min(top, window.innerHeight - height - margin))}px`;
  }, [at, matches.length]);

  const close = () => useUi.getState().openQuickAdd(null);
  const add = (type: string) => {
    useGraph.getState().addNode(type, at.flow);
    close();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') return close();
    if (event.key === 'ArrowDown') setActive((index) => Math.min(index + 1, matches.length - 1));
    if (event.key === 'ArrowUp') setActive((index) => Math.max(index - 1, 0));
    if (event.key === 'Enter' && matches[active]) add(matches[active]!.type);
  };

  return (
    <div
      ref={box}
      className="quick-add"
      style={{ left: at.screen.x, top: at.screen.y }}
      role="dialog"
      aria-label="Add a node"
    >
      <input
        autoFocus
        className="quick-add-input"
        placeholder="Add a node…"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={close}
      />
      <ul className="quick-add-list">
        {matches.map((kind, index) => (
          <li
            key={kind.type}
            className={index === active ? 'active' : undefined}
            onMouseDown={(event) => {
              event.preventDefault();
              add(kind.type);
            }}
            onMouseEnter={() => setActive(index)}
          >
            <span className="quick-add-title">{kind.title}</span>
            <span className="quick-add-type">{kind.type}</span>
          </li>
        ))}
        {matches.length === 0 ? <li className="quick-add-none">No node kind matches.</li> : null}
      </ul>
    </div>
  );
}
