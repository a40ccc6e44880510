/** Every keyboard shortcut, as the help overlay lists it. `Mod` is Ctrl, or Cmd on a Mac. */
export const SHORTCUTS: { keys: string; action: string }[] = [
  { keys: 'Mod+S', action: 'Save the workflow' },
  { keys: 'Mod+Enter', action: 'Run the workflow' },
  { keys: 'Mod+Z', action: 'Undo' },
  { keys: 'Mod+Shift+Z  /  Mod+Y', action: 'Redo' },
  { keys: 'Mod+C  /  Mod+X  /  Mod+V', action: 'Copy, cut, paste nodes (works between windows)' },
  { keys: 'Mod+D', action: 'Duplicate the selected nodes' },
  { keys: 'Mod+A', action: 'Select every node' },
  { keys: 'Delete  /  Backspace', action: 'Delete the selection' },
  { keys: 'Space  /  double-click', action: 'Add a node at the pointer' },
  { keys: 'Shift+drag', action: 'Select with a box' },
  { keys: 'Mod+click', action: 'Add to the selection' },
  { keys: 'Shift+L', action: 'Lay the graph out automatically' },
  { keys: 'F', action: 'Fit the whole graph in view' },
  { keys: 'B', action: 'Toggle a breakpoint on the selected node' },
  { keys: '?', action: 'Show or hide this list' },
  { keys: 'Escape', action: 'Close a dialog, clear the selection' },
];
