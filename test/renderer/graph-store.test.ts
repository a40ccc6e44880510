// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../engine/workflow.ts';
import { selectDirty, useGraph } from '../../renderer/src/store/graph-store.ts';

const sample: WorkflowDocument = {
  format: 1,
  id: 'demo',
  name: 'Demo',
  version: '1.0.0',
  nodes: [
    {
      id: 'input',
      type: 'input',
      position: { x: 0, y: 0 },
      settings: { fields: [{ name: 'topic' }] },
    },
    {
      id: 'template',
      type: 'text.template',
      position: { x: 300, y: 0 },
      settings: { template: '{{topic}}' },
    },
  ],
  edges: [{ from: ['input', 'topic'], to: ['template', 'topic'] }],
};

describe('graph store', () => {
  beforeEach(() => useGraph.getState().load(sample));

  it('round-trips a workflow document without changing it', () => {
    expect(useGraph.getState().toDocument()).toEqual(sample);
    expect(selectDirty(useGraph.getState())).toBe(false);
  });

  it('undoes and redoes an added node, an edge and a settings change in order', () => {
    const graph = useGraph.getState();
    const id = graph.addNode('text.template', { x: 600, y: 0 });
    useGraph.getState().connect('template', 'text', id, 'topic');
    useGraph.getState().updateNode(id, { settings: { template: 'Hello {{topic}}' } });
    expect(useGraph.getState().nodes).toHaveLength(3);
    expect(useGraph.getState().edges).toHaveLength(2);

    useGraph.getState().undo();
    expect(useGraph.getState().nodes.find((n) => n.id === id)?.data.settings).toEqual({});
    useGraph.getState().undo();
    expect(useGraph.getState().edges).toHaveLength(1);
    useGraph.getState().undo();
    expect(useGraph.getState().toDocument()).toEqual(sample);
    expect(selectDirty(useGraph.getState())).toBe(false);

    useGraph.getState().redo();
    useGraph.getState().redo();
    useGraph.getState().redo();
    const document = useGraph.getState().toDocument();
    expect(document.nodes[2]).toMatchObject({ id, settings: { template: 'Hello {{topic}}' } });
    expect(document.edges[1]).toEqual({ from: ['template', 'text'], to: [id, 'topic'] });
    expect(selectDirty(useGraph.getState())).toBe(true);
  });

  it('a new change after undo drops the redo steps', () => {
    useGraph.getState().addNode('output', { x: 0, y: 200 });
    useGraph.getState().undo();
    expect(useGraph.getState().future).toHaveLength(1);
    useGraph.getState().addNode('input', { x: 0, y: 300 });
    expect(useGraph.getState().future).toHaveLength(0);
  });

  it('records a drag as one undo step, marked unsaved when it ends', () => {
    for (const x of [10, 20, 30]) {
      useGraph
        .getState()
        .onNodesChange([{ type: 'position', id: 'input', position: { x, y: 5 }, dragging: true }]);
    }
    expect(selectDirty(useGraph.getState())).toBe(false);
    expect(useGraph.getState().past).toHaveLength(0);

    useGraph
      .getState()
      .onNodesChange([
        { type: 'position', id: 'input', position: { x: 40, y: 5 }, dragging: false },
      ]);
    expect(selectDirty(useGraph.getState())).toBe(true);
    expect(useGraph.getState().toDocument().nodes[0]!.position).toEqual({ x: 40, y: 5 });
    expect(useGraph.getState().past).toHaveLength(1);
    useGraph.getState().undo();
    expect(useGraph.getState().nodes[0]!.position).toEqual({ x: 0, y: 0 });
    expect(selectDirty(useGraph.getState())).toBe(false);
  });

  it('a drag whose steps stayed in the canvas is one undo step of all the nodes it moved', () => {
    useGraph.getState().onNodesChange([
      { type: 'position', id: 'input', position: { x: 50, y: 60 }, dragging: false },
      { type: 'position', id: 'template', position: { x: 350, y: 60 }, dragging: false },
    ]);
    const moved = useGraph
      .getState()
      .toDocument()
      .nodes.map((node) => node.position);
    expect(moved).toEqual([
      { x: 50, y: 60 },
      { x: 350, y: 60 },
    ]);
    useGraph.getState().undo();
    expect(useGraph.getState().toDocument()).toEqual(sample);
  });

  it('selection alone is not an unsaved change', () => {
    useGraph.getState().onNodesChange([{ type: 'select', id: 'input', selected: true }]);
    expect(selectDirty(useGraph.getState())).toBe(false);
  });

  it('deleting a node removes the edges that touch it, in one undoable step', () => {
    useGraph.getState().selectOnly(['input']);
    useGraph.getState().deleteSelected();
    expect(useGraph.getState().nodes.map((n) => n.id)).toEqual(['template']);
    expect(useGraph.getState().edges).toHaveLength(0);
    useGraph.getState().undo();
    expect(useGraph.getState().edges).toHaveLength(1);
  });

  it('pastes copies under fresh ids and rewires the edges between them', () => {
    const [input, template] = sample.nodes;
    const ids = useGraph.getState().paste([input!, template!], sample.edges, { x: 50, y: 50 });
    expect(ids).toEqual(['input_2', 'template_2']);
    const document = useGraph.getState().toDocument();
    expect(document.nodes[2]!.position).toEqual({ x: 50, y: 50 });
    expect(document.edges[1]).toEqual({ from: ['input_2', 'topic'], to: ['template_2', 'topic'] });
  });
});
