import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import type { RefObject } from 'react';
import { useGraph } from '../store/graph-store.ts';
import type { PipelineEdge, PipelineNode } from '../store/graph-types.ts';
import { runAgain } from '../store/run-actions.ts';
import { useUi } from '../store/ui-store.ts';
import { saveWorkflow } from '../store/workflow-actions.ts';
import { layoutGraph } from './auto-layout.ts';
import { copySelection, offsetTo, readClipboard } from './clipboard.ts';

/**
 * The editor's keys, and copy and paste through the system clipboard's own events (they need
 * no permission prompt and carry plain JSON, so nodes paste into another studio window).
 */
export function useCanvasShortcuts(pointer: RefObject<{ x: number; y: number }>) {
  const flow = useReactFlow<PipelineNode, PipelineEdge>();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const action = actionFor(event);
      if (!action) return;
      event.preventDefault();
      run(action);
    };

    const run = (action: Action) => {
      const graph = useGraph.getState();
      const ui = useUi.getState();
      switch (action) {
        case 'save':
          return void saveWorkflow();
        case 'run':
          return void runAgain();
        case 'undo':
          return graph.undo();
        case 'redo':
          return graph.redo();
        case 'delete':
          return graph.deleteSelected();
        case 'select-all':
          return graph.selectAll();
        case 'duplicate':
          return duplicate();
        case 'quick-add': {
          const screen = pointer.current;
          return ui.openQuickAdd({ screen, flow: flow.screenToFlowPosition(screen) });
        }
        case 'layout':
          return void layoutGraph(graph.nodes, graph.edges).then((positions) => {
            useGraph.getState().moveNodes(positions);
            requestAnimationFrame(() => void flow.fitView({ duration: 250 }));
          });
        case 'fit':
          return void flow.fitView({ duration: 250 });
        case 'breakpoint': {
          const selected = graph.nodes.filter((node) => node.selected);
          if (selected.length !== 1) return;
          return graph.updateNode(selected[0]!.id, { breakpoint: !selected[0]!.data.breakpoint });
        }
        case 'help':
          return ui.setHelp(!ui.helpOpen);
        case 'escape':
          if (ui.helpOpen) return ui.setHelp(false);
          if (ui.quickAdd) return ui.openQuickAdd(null);
          return graph.selectOnly([]);
      }
    };

    const duplicate = () => {
      const payload = copySelection(useGraph.getState());
      if (payload) useGraph.getState().paste(payload.nodes, payload.edges, { x: 40, y: 40 });
    };

    const onCopy = (event: ClipboardEvent) => {
      // Text the user selected on the page is what they mean to copy, nodes selected or not.
      if (isTyping(event.target) || hasTextSelection()) return;
      const payload = copySelection(useGraph.getState());
      if (!payload || !event.clipboardData) return;
      event.clipboardData.setData('text/plain', JSON.stringify(payload, null, 2));
      event.preventDefault();
      if (event.type === 'cut') useGraph.getState().deleteSelected();
    };

    const onPaste = (event: ClipboardEvent) => {
      if (isTyping(event.target)) return;
      const payload = readClipboard(event.clipboardData?.getData('text/plain') ?? '');
      if (!payload || payload.nodes.length === 0) return;
      event.preventDefault();
      const at = flow.screenToFlowPosition(pointer.current);
      useGraph.getState().paste(payload.nodes, payload.edges, offsetTo(payload.nodes, at));
    };

    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [flow, pointer]);
}

type Action =
  | 'save'
  | 'run'
  | 'undo'
  | 'redo'
  | 'delete'
  | 'select-all'
  | 'duplicate'
  | 'quick-add'
  | 'layout'
  | 'fit'
  | 'breakpoint'
  | 'help'
  | 'escape';

export function actionFor(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey'>,
): Action | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod) {
    if (key === 's') return 'save';
    if (key === 'enter') return 'run';
    if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
    if (key === 'y') return 'redo';
    if (key === 'a') return 'select-all';
    if (key === 'd') return 'duplicate';
    return null;
  }
  if (key === 'delete' || key === 'backspace') return 'delete';
  if (key === ' ') return 'quick-add';
  if (key === 'l' && event.shiftKey) return 'layout';
  if (key === 'f') return 'fit';
  if (key === 'b') return 'breakpoint';
  if (event.key === '?') return 'help';
  if (key === 'escape') return 'escape';
  return null;
}

function hasTextSelection(): boolean {
  const selection = document.getSelection();
  return !!selection && !selection.isCollapsed && selection.toString().trim() !== '';
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === 'INPUT' ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT'
  );
}
