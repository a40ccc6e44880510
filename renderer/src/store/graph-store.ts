import { applyEdgeChanges, applyNodeChanges } from '@xyflow/react';
import type { EdgeChange, NodeChange, XYPosition } from '@xyflow/react';
import { create } from 'zustand';
import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from '../../../engine/workflow.ts';
import { documentFromGraph, edgeBetween, freshNodeId, graphFromDocument } from './document.ts';
import { nodeFromFile } from './document.ts';
import type {
  GraphSnapshot,
  PipelineEdge,
  PipelineNode,
  PipelineNodeData,
  WorkflowMeta,
} from './graph-types.ts';

/** How many steps back undo reaches; snapshots share unchanged nodes, so this is cheap. */
const HISTORY_LIMIT = 200;

interface Snapshot extends GraphSnapshot {
  meta: WorkflowMeta;
  revision: number;
}

export interface GraphState {
  meta: WorkflowMeta;
  nodes: PipelineNode[];
  edges: PipelineEdge[];
  /** Bumped by every change a user would want to save; undo brings back the old number. */
  revision: number;
  savedRevision: number;
  /** Counts the workflows opened; the canvas starts afresh (and fits the view) on each. */
  loadId: number;
  past: Snapshot[];
  future: Snapshot[];

  load(document: WorkflowDocument): void;
  markSaved(): void;
  toDocument(): WorkflowDocument;
  /** Remembers the graph as it is now, so that the next change can be undone. */
  checkpoint(): void;
  /**
   * Applies React Flow's changes. A move is one undoable edit when it ends (`dragging` false):
   * the canvas keeps the steps of a drag inside React Flow, and any steps that do come here are
   * applied without touching the undo stack or the unsaved marker until the drag ends.
   */
  onNodesChange(changes: NodeChange<PipelineNode>[]): void;
  onEdgesChange(changes: EdgeChange<PipelineEdge>[]): void;
  addNode(kind: string, position: XYPosition, settings?: Record<string, unknown>): string;
  connect(source: string, sourcePort: string, target: string, targetPort: string): void;
  updateNode(id: string, patch: Partial<PipelineNodeData>): void;
  renameWorkflow(patch: Partial<WorkflowMeta>): void;
  /**
   * Puts a saved version's graph, name and description on the canvas as one undoable, unsaved
   * change. The id stays, and so does the version number, which exports move forward.
   */
  restore(document: WorkflowDocument): void;
  deleteSelected(): void;
  selectOnly(ids: readonly string[]): void;
  selectAll(): void;
  /** Adds copied nodes with fresh ids beside their originals; returns the new ids. */
  paste(nodes: WorkflowNode[], edges: WorkflowEdge[], offset: XYPosition): string[];
  moveNodes(positions: ReadonlyMap<string, XYPosition>): void;
  undo(): void;
  redo(): void;
}

let lastRevision = 0;
const nextRevision = () => (lastRevision += 1);

const blankMeta: WorkflowMeta = { id: 'untitled', name: 'Untitled pipeline', version: '1.0.0' };

export const useGraph = create<GraphState>()((set, get) => {
  /** Applies a change worth undoing: the graph before it goes onto the undo stack. */
  const change = (next: Partial<Pick<GraphState, 'nodes' | 'edges' | 'meta'>>) => {
    get().checkpoint();
    set({ ...next, revision: nextRevision() });
  };

  const snapshot = (): Snapshot => {
    const { nodes, edges, meta, revision } = get();
    return { nodes, edges, meta, revision };
  };

  /** The graph before the drag in progress, when its steps reach the store. */
  let moveOrigin: Snapshot | undefined;

  const move = (changes: NodeChange<PipelineNode>[]) => {
    const nodes = applyNodeChanges(changes, get().nodes);
    if (changes.some((c) => c.type === 'position' && c.dragging)) {
      moveOrigin ??= snapshot();
      return set({ nodes });
    }
    const past = [...get().past, moveOrigin ?? snapshot()].slice(-HISTORY_LIMIT);
    moveOrigin = undefined;
    set({ nodes, past, future: [], revision: nextRevision() });
  };

  return {
    meta: blankMeta,
    nodes: [],
    edges: [],
    revision: 0,
    savedRevision: 0,
    loadId: 0,
    past: [],
    future: [],

    load(document) {
      const graph = graphFromDocument(document);
      const { id, name, version, description } = document;
      const revision = nextRevision();
      moveOrigin = undefined;
      set({
        ...graph,
        meta: { id, name, version, description },
        revision,
        savedRevision: revision,
        loadId: get().loadId + 1,
        past: [],
        future: [],
      });
    },

    markSaved: () => set({ savedRevision: get().revision }),

    toDocument: () => documentFromGraph(get().meta, get()),

    checkpoint() {
      const past = [...get().past, snapshot()].slice(-HISTORY_LIMIT);
      set({ past, future: [] });
    },

    onNodesChange(changes) {
      if (changes.length > 0 && changes.every(isMove)) return move(changes);
      const edits = changes.some((c) => c.type === 'remove' || c.type === 'add' || isMove(c));
      if (edits) get().checkpoint();
      const nodes = applyNodeChanges(changes, get().nodes);
      // Selection and measuring are not edits, so they leave the revision alone.
      set(edits ? { nodes, revision: nextRevision() } : { nodes });
    },

    onEdgesChange(changes) {
      const removes = changes.some((c) => c.type === 'remove');
      if (removes) get().checkpoint();
      const edges = applyEdgeChanges(changes, get().edges);
      set(removes ? { edges, revision: nextRevision() } : { edges });
    },

    addNode(kind, position, settings = {}) {
      const taken = new Set(get().nodes.map((node) => node.id));
      const id = freshNodeId(kind, taken);
      const node: PipelineNode = {
        id,
        type: 'pipeline',
        position,
        data: { kind, settings },
        selected: true,
      };
      const nodes = get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n));
      change({ nodes: [...nodes, node] });
      return id;
    },

    connect(source, sourcePort, target, targetPort) {
      const edge = edgeBetween(source, sourcePort, target, targetPort);
      if (get().edges.some((e) => e.id === edge.id)) return;
      change({ edges: [...get().edges, edge] });
    },

    updateNode(id, patch) {
      const nodes = get().nodes.map((node) =>
        node.id === id ? { ...node, data: { ...node.data, ...patch } } : node,
      );
      change({ nodes });
    },

    renameWorkflow(patch) {
      change({ meta: { ...get().meta, ...patch } });
    },

    restore(document) {
      const { name, description } = document;
      change({ ...graphFromDocument(document), meta: { ...get().meta, name, description } });
    },

    deleteSelected() {
      const { nodes, edges } = get();
      const gone = new Set(nodes.filter((node) => node.selected).map((node) => node.id));
      const keptEdges = edges.filter(
        (edge) => !edge.selected && !gone.has(edge.source) && !gone.has(edge.target),
      );
      if (gone.size === 0 && keptEdges.length === edges.length) return;
      change({ nodes: nodes.filter((node) => !gone.has(node.id)), edges: keptEdges });
    },

    selectOnly(ids) {
      const wanted = new Set(ids);
      const nodes = get().nodes.map((node) =>
        Boolean(node.selected) === wanted.has(node.id)
          ? node
          : { ...node, selected: wanted.has(node.id) },
      );
      const edges = get().edges.map((edge) =>
        edge.selected ? { ...edge, selected: false } : edge,
      );
      set({ nodes, edges });
    },

    selectAll() {
      set({
        nodes: get().nodes.map((node) => (node.selected ? node : { ...node, selected: true })),
      });
    },

    paste(files, fileEdges, offset) {
      const taken = new Set(get().nodes.map((node) => node.id));
      const renamed = new Map<string, string>();
      const added: PipelineNode[] = files.map((file) => {
        const id = freshNodeId(file.id, taken);
        taken.add(id);
        renamed.set(file.id, id);
        const node = nodeFromFile({ ...file, id });
        const position = { x: file.position.x + offset.x, y: file.position.y + offset.y };
        return { ...node, position, selected: true };
      });
      const addedEdges = fileEdges
        .filter((edge) => renamed.has(edge.from[0]) && renamed.has(edge.to[0]))
        .map((edge) =>
          edgeBetween(
            renamed.get(edge.from[0])!,
            edge.from[1],
            renamed.get(edge.to[0])!,
            edge.to[1],
          ),
        );
      const nodes = get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n));
      change({ nodes: [...nodes, ...added], edges: [...get().edges, ...addedEdges] });
      return added.map((node) => node.id);
    },

    moveNodes(positions) {
      const nodes = get().nodes.map((node) => {
        const position = positions.get(node.id);
        return position ? { ...node, position } : node;
      });
      change({ nodes });
    },

    undo() {
      const { past, future } = get();
      const previous = past.at(-1);
      if (!previous) return;
      set({ ...previous, past: past.slice(0, -1), future: [snapshot(), ...future] });
    },

    redo() {
      const { past, future } = get();
      const next = future[0];
      if (!next) return;
      set({ ...next, past: [...past, snapshot()], future: future.slice(1) });
    },
  };
});

function isMove(change: NodeChange<PipelineNode>): boolean {
  return change.type === 'position' && change.position !== undefined;
}

/** Whether the graph has changes that are not saved. */
export const selectDirty = (state: GraphState) => state.revision !== state.savedRevision;
