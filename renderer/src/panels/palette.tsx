import { useMemo, useState } from 'react';
import type { DragEvent } from 'react';
import type { NodeKindInfo } from '../../../main/api/types.ts';
import { PALETTE_MIME } from '../canvas/canvas.tsx';
import { useCatalogue } from '../store/catalogue-store.ts';
import { useGraph } from '../store/graph-store.ts';
import { CATEGORY_ORDER, CATEGORY_TITLES, searchKinds } from './kind-search.ts';

/** Every node kind, by category, with a search; drag one onto the canvas or click to add it. */
export function Palette() {
  const kinds = useCatalogue((state) => state.catalogue?.kinds);
  const [query, setQuery] = useState('');
  const groups = useMemo(() => groupByCategory(searchKinds(kinds ?? [], query)), [kinds, query]);

  return (
    <aside className="palette" aria-label="Node palette">
      <input
        className="palette-search"
        type="search"
        placeholder="Search nodes"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <div className="palette-groups">
        {groups.map(([category, list]) => (
          <section key={category} className="palette-group">
            <h3>{CATEGORY_TITLES[category] ?? category}</h3>
            {list.map((kind) => (
              <PaletteItem key={kind.type} kind={kind} />
            ))}
          </section>
        ))}
        {groups.length === 0 ? <p className="muted">No node kind matches "{query}".</p> : null}
      </div>
    </aside>
  );
}

function PaletteItem({ kind }: { kind: NodeKindInfo }) {
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(PALETTE_MIME, kind.type);
    event.dataTransfer.effectAllowed = 'copy';
  };
  // A double-click adds the node beside the last one, for those who would rather not drag.
  const onDoubleClick = () => {
    const nodes = useGraph.getState().nodes;
    const right = nodes.reduce((max, node) => Math.max(max, node.position.x), -280);
    useGraph.getState().addNode(kind.type, { x: right + 280, y: 0 });
  };

  return (
    <div
      className={`palette-item category-${kind.category}`}
      draggable
      onDragStart={onDragStart}
      onDoubleClick={onDoubleClick}
      title={`${kind.description}\n\nDrag onto the canvas, or double-click to add.`}
      data-kind={kind.type}
    >
      <span className="palette-item-title">{kind.title}</span>
      <span className="palette-item-type">{kind.type}</span>
    </div>
  );
}

function groupByCategory(kinds: NodeKindInfo[]): [string, NodeKindInfo[]][] {
  const groups = new Map<string, NodeKindInfo[]>();
  for (const kind of kinds) groups.set(kind.category, [...(groups.get(kind.category) ?? []), kind]);
  const rank = (category: string) => {
    const index = CATEGORY_ORDER.indexOf(category);
    return index === -1 ? CATEGORY_ORDER.length : index;
  };
  return [...groups].sort(([a], [b]) => rank(a) - rank(b));
}
