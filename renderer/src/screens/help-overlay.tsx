import { SHORTCUTS } from '../canvas/shortcut-list.ts';
import { useUi } from '../store/ui-store.ts';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

/**
 * Every keyboard shortcut; opened with ? and closed with ?, Escape or a click outside. While it
 * is open it holds the focus and keeps keys from the canvas: a Delete pressed over the list must
 * not delete the selected nodes behind it.
 */
export function HelpOverlay() {
  const open = useUi((state) => state.helpOpen);
  const setHelp = useUi((state) => state.setHelp);
  if (!open) return null;
  return (
    <div
      className="overlay"
      onClick={() => setHelp(false)}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Escape' || event.key === '?') setHelp(false);
      }}
    >
      <div
        className="dialog"
        role="dialog"
        aria-label="Keyboard shortcuts"
        aria-modal="true"
        tabIndex={-1}
        onClick={(event) => event.stopPropagation()}
      >
        <header className="dialog-head">
          <h2>Keyboard shortcuts</h2>
          <button type="button" className="link-button" onClick={() => setHelp(false)} autoFocus>
            Close
          </button>
        </header>
        <table className="shortcut-table">
          <tbody>
            {SHORTCUTS.map((shortcut) => (
              <tr key={shortcut.keys}>
                <td>
                  <kbd>{shortcut.keys.replace(/Mod/g, isMac ? '⌘' : 'Ctrl')}</kbd>
                </td>
                <td>{shortcut.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
