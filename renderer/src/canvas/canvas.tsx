import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  useReactFlow,
  useStore,
} from '@xyflow/react';
import type {
  Connection,
  Edge,
  FinalConnectionState,
  IsValidConnection,
  OnConnectEnd,
} from '@xyflow/react';
import { useCallback, useRef, useState } from 'react';
import type { DragEvent, MouseEvent as ReactMouseEvent } from 'react';
import { portsOf, useCatalogue } from '../store/catalogue-store.ts';
import { useGraph } from '../store/graph-store.ts';
import type { PipelineEdge, PipelineNode } from '../store/graph-types.ts';
import { useUi } from '../store/ui-store.ts';
import { judgeConnection, makesCycle } from './connection-rules.ts';
import { FAR_ZOOM, OVERVIEW_ZOOM, OverviewContext } from './level-of-detail.ts';
import { Minimap } from './minimap.tsx';
import { useOverviewDrag } from './overview-drag.ts';
import { OverviewEdges } from './overview-edges.tsx';
import type { Verdict } from './connection-rules.ts';
import { PipelineNodeView } from './pipeline-node.tsx';
import { QuickAdd } from './quick-add.tsx';
import { TypedEdge } from './typed-edge.tsx';
import { useCanvasShortcuts } from './use-canvas-shortcuts.ts';
import { useDragInFlow } from './use-drag-in-flow.ts';

const nodeTypes = { pipeline: PipelineNodeView };
const edgeTypes = { typed: TypedEdge };
export const PALETTE_MIME = 'application/x-pipewright-kind';

/** Past this many nodes, only those in view are drawn; below it, panning shows no pop-in. */
const VISIBLE_ONLY_FROM = 300;
const FIT_VIEW = { padding: 0.15, maxZoom: 1 };
/** What React Flow is given in an overview, where OverviewEdges draws the edges instead. */
const NO_EDGES: PipelineEdge[] = [];

/** The editing surface: nodes, typed edges, minimap and zoom controls. */
export function Canvas() {
  const nodes = useGraph((state) => state.nodes);
  const edges = useGraph((state) => state.edges);
  const onEdgesChange = useGraph((state) => state.onEdgesChange);
  const flow = useReactFlow<PipelineNode, PipelineEdge>();
  const onNodesChange = useDragInFlow();
  const far = useStore((state) => state.transform[2] < FAR_ZOOM);
  const overview = useStore((state) => state.transform[2] < OVERVIEW_ZOOM);
  const pointer = useRef({ x: 0, y: 0 });
  const surface = useRef<HTMLDivElement>(null);
  // Fit an opened workflow into view once; a blank one keeps its view while nodes are added.
  const [fitOnOpen] = useState(() => useGraph.getState().nodes.length > 0);
  useCanvasShortcuts(pointer);
  useOverviewDrag(surface, overview);

  const isValidConnection = useCallback<IsValidConnection<PipelineEdge>>(
    (connection) => verdictFor(connection).ok,
    [],
  );

  const onConnect = useCallback((connection: Connection) => {
    const verdict = verdictFor(connection);
    if (!verdict.ok) return useUi.getState().notify(verdict.reason, 'error');
    useGraph
      .getState()
      .connect(
        connection.source,
        connection.sourceHandle ?? '',
        connection.target,
        connection.targetHandle ?? '',
      );
  }, []);

  // React Flow refuses an invalid drop silently; the user is owed the reason.
  const onConnectEnd = useCallback<OnConnectEnd>((_event, state: FinalConnectionState) => {
    if (state.isValid || !state.fromHandle || !state.toHandle) return;
    const [from, to] =
      state.fromHandle.type === 'source'
        ? [state.fromHandle, state.toHandle]
        : [state.toHandle, state.fromHandle];
    const verdict = verdictFor({
      source: from.nodeId,
      sourceHandle: from.id ?? null,
      target: to.nodeId,
      targetHandle: to.id ?? null,
    });
    if (!verdict.ok) useUi.getState().notify(`Not connected. ${verdict.reason}`, 'error');
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(PALETTE_MIME);
      if (!kind) return;
      event.preventDefault();
      const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      useGraph.getState().addNode(kind, position);
    },
    [flow],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onPointerMove = useCallback((event: ReactMouseEvent) => {
    pointer.current = { x: event.clientX, y: event.clientY };
  }, []);

  const onDoubleClick = useCallback(
    (event: ReactMouseEvent) => {
      if (!(event.target as Element).classList.contains('react-flow__pane')) return;
      const screen = { x: event.clientX, y: event.clientY };
      useUi.getState().openQuickAdd({ screen, flow: flow.screenToFlowPosition(screen) });
    },
    [flow],
  );

  return (
    <OverviewContext value={overview}>
      <div
        ref={surface}
        className={overview ? 'canvas far overview' : far ? 'canvas far' : 'canvas'}
        onDrop={onDrop}
        onDragOver={onDragOver}
        onMouseMove={onPointerMove}
        onDoubleClick={onDoubleClick}
        data-testid="canvas"
      >
        <ReactFlow<PipelineNode, PipelineEdge>
          nodes={nodes}
          edges={overview ? NO_EDGES : edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          onlyRenderVisibleElements={nodes.length >= VISIBLE_ONLY_FROM}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={['Meta', 'Control']}
          zoomOnDoubleClick={false}
          minZoom={0.05}
          maxZoom={2.5}
          colorMode="dark"
          proOptions={{ hideAttribution: true }}
          fitView={fitOnOpen}
          fitViewOptions={FIT_VIEW}
        >
          <Background variant={BackgroundVariant.Dots} gap={24} size={1.2} color="#2a3140" />
          <Minimap />
          <Controls showInteractive={false} />
          {overview ? <OverviewEdges /> : null}
        </ReactFlow>
        <QuickAdd />
      </div>
    </OverviewContext>
  );
}

function verdictFor(connection: Connection | Edge): Verdict {
  const catalogue = useCatalogue.getState().catalogue;
  const kindOf = new Map(useGraph.getState().nodes.map((node) => [node.id, node.data.kind]));
  const verdict = judgeConnection(connection, catalogue, (id) => {
    const kind = kindOf.get(id);
    return kind ? portsOf(id, kind) : undefined;
  });
  if (!verdict.ok) return verdict;
  if (makesCycle(connection.source, connection.target, useGraph.getState().edges)) {
    return { ok: false, reason: 'That would make a loop; pipelines flow one way.' };
  }
  return verdict;
}
