import { useGraph } from '../store/graph-store.ts';

/** Shown over an empty canvas: what to do first, in three steps. */
export function EmptyState() {
  const empty = useGraph((state) => state.nodes.length === 0);
  if (!empty) return null;
  return (
    <div className="empty-state" role="note">
      <h2>An empty pipeline</h2>
      <ol>
        <li>
          Drag an <strong>Input</strong> node from the palette on the left: its fields are what a
          run starts with.
        </li>
        <li>
          Add the steps (or press <kbd>Space</kbd> over the canvas to search for one), and wire an
          output's dot to an input's dot. Colours show the types that fit.
        </li>
        <li>
          End with an <strong>Output</strong> node, then press <kbd>Run</kbd>.
        </li>
      </ol>
      <p className="muted">
        Press <kbd>?</kbd> for every shortcut.
      </p>
    </div>
  );
}
