import { applyNodeChanges, useStoreApi } from '@xyflow/react';
import type { NodeChange, OnNodesChange } from '@xyflow/react';
import { useCallback } from 'react';
import { useGraph } from '../store/graph-store.ts';
import type { PipelineEdge, PipelineNode } from '../store/graph-types.ts';

/**
 * The canvas's node-change handler. The steps of a drag stay inside React Flow's own store and
 * reach the graph store once, when the drag ends, as one undoable move.
 *
 * Why: each step sent through the graph store re-renders the canvas and hands React Flow a new
 * array of every node, which it adopts again; on a workflow of thousands of nodes that doubled
 * the script time of each drag frame. React Flow draws from its own store either way.
 */
export function useDragInFlow(): OnNodesChange<PipelineNode> {
  const flow = useStoreApi<PipelineNode, PipelineEdge>();

  return useCallback(
    (changes: NodeChange<PipelineNode>[]) => {
      if (changes.length === 0 || !changes.every(isDragStep)) {
        return useGraph.getState().onNodesChange(changes);
      }
      const { nodes, setNodes } = flow.getState();
      setNodes(applyNodeChanges(changes, nodes));
    },
    [flow],
  );
}

function isDragStep(change: NodeChange<PipelineNode>): boolean {
  return change.type === 'position' && change.dragging === true;
}
