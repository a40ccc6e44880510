import { SHORTCUTS } from '../canvas/shortcut-list.ts';
import { useUi } from '../store/ui-store.ts';
import { Modal } from './modal.tsx';

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
  const close = () => setHelp(false);
  return (
    <Modal label="Keyboard shortcuts" closeKeys={['?']} onClose={close}>
      <header className="dialog-head">
        <h2>Keyboard shortcuts</h2>
        <button type="button" className="link-button" onClick={close} autoFocus>
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
    </Modal>
  );
}
