import type { InternalNode } from '@xyflow/react';
import type { NodeKindInfo } from '../../../main/api/types.ts';
import type { PipelineNode } from '../store/graph-types.ts';

/** The minimap's size in CSS pixels. */
export const MINIMAP_WIDTH = 200;
export const MINIMAP_HEIGHT = 150;
const PADDING = 8;
const UNKNOWN_COLOUR = '#475569';
const MASK = 'rgba(8, 10, 14, 0.7)';
const VIEW_OUTLINE = 'rgba(148, 163, 184, 0.6)';
/** How far a picture of the nodes may be shrunk or enlarged before it is drawn again. */
const SHRINK_AT_MOST = 2;
const ENLARGE_AT_MOST = 1.25;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The box around the visible nodes, in flow coordinates, and how many there are. */
export interface NodeBox extends Box {
  count: number;
}

/** Where the minimap puts the flow: its top-left corner in flow coordinates, and the scale. */
export interface Frame {
  x: number;
  y: number;
  /** Minimap pixels per flow unit. */
  scale: number;
}

/** The nodes painted at one scale, to be copied into the minimap while only the view moves. */
export interface Picture {
  image: HTMLCanvasElement;
  nodeBox: NodeBox;
  scale: number;
}

export function boxOfNodes(nodes: Iterable<InternalNode<PipelineNode>>): NodeBox {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  let count = 0;
  for (const node of nodes) {
    if (node.hidden) continue;
    count += 1;
    const { x, y } = node.internals.positionAbsolute;
    left = Math.min(left, x);
    top = Math.min(top, y);
    right = Math.max(right, x + (node.measured.width ?? 0));
    bottom = Math.max(bottom, y + (node.measured.height ?? 0));
  }
  if (count === 0) return { x: 0, y: 0, width: 0, height: 0, count };
  return { x: left, y: top, width: right - left, height: bottom - top, count };
}

/** The frame that shows every node and the part of the canvas in view, centred. */
export function frameFor(nodeBox: NodeBox, inView: Box): Frame {
  const box = nodeBox.count > 0 ? union(nodeBox, inView) : inView;
  const scale = Math.min(
    (MINIMAP_WIDTH - PADDING * 2) / Math.max(box.width, 1),
    (MINIMAP_HEIGHT - PADDING * 2) / Math.max(box.height, 1),
  );
  return {
    x: box.x - (MINIMAP_WIDTH / scale - box.width) / 2,
    y: box.y - (MINIMAP_HEIGHT / scale - box.height) / 2,
    scale,
  };
}

/** Whether a picture drawn at its scale still looks right drawn at `scale`. */
export function stillSharp(picture: Picture, scale: number): boolean {
  return picture.scale <= scale * SHRINK_AT_MOST && picture.scale * ENLARGE_AT_MOST >= scale;
}

/** The nodes in their categories' colours at `scale`, each at least a pixel. */
export function paintNodes(
  lookup: ReadonlyMap<string, InternalNode<PipelineNode>>,
  kinds: Record<string, NodeKindInfo>,
  nodeBox: NodeBox,
  scale: number,
): Picture {
  const ratio = window.devicePixelRatio || 1;
  const image = document.createElement('canvas');
  image.width = Math.max(1, Math.ceil(nodeBox.width * scale * ratio) + ratio);
  image.height = Math.max(1, Math.ceil(nodeBox.height * scale * ratio) + ratio);
  const context = image.getContext('2d');
  if (!context) return { image, nodeBox, scale };
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  for (const node of lookup.values()) {
    if (node.hidden) continue;
    const { x, y } = node.internals.positionAbsolute;
    context.fillStyle = CATEGORY_COLOURS[kinds[node.data.kind]?.category ?? ''] ?? UNKNOWN_COLOUR;
    context.fillRect(
      (x - nodeBox.x) * scale,
      (y - nodeBox.y) * scale,
      Math.max(1, (node.measured.width ?? 0) * scale),
      Math.max(1, (node.measured.height ?? 0) * scale),
    );
  }
  return { image, nodeBox, scale };
}

/** Copies the nodes into the minimap at `frame` and darkens all but the view. */
export function drawMinimap(
  element: HTMLCanvasElement,
  picture: Picture,
  inView: Box,
  frame: Frame,
): void {
  const ratio = window.devicePixelRatio || 1;
  if (element.width !== MINIMAP_WIDTH * ratio) {
    element.width = MINIMAP_WIDTH * ratio;
    element.height = MINIMAP_HEIGHT * ratio;
  }
  const count = String(picture.nodeBox.count);
  if (element.dataset.nodes !== count) element.dataset.nodes = count;
  const context = element.getContext('2d');
  if (!context) return;
  const { x, y, scale } = frame;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, MINIMAP_WIDTH, MINIMAP_HEIGHT);
  if (picture.nodeBox.count > 0) {
    const grow = scale / picture.scale;
    context.drawImage(
      picture.image,
      (picture.nodeBox.x - x) * scale,
      (picture.nodeBox.y - y) * scale,
      (picture.image.width / ratio) * grow,
      (picture.image.height / ratio) * grow,
    );
  }

  // Darken everything outside the view: four bands around it.
  const left = (inView.x - x) * scale;
  const top = (inView.y - y) * scale;
  const right = left + inView.width * scale;
  const bottom = top + inView.height * scale;
  context.fillStyle = MASK;
  context.fillRect(0, 0, MINIMAP_WIDTH, Math.max(0, top));
  context.fillRect(0, bottom, MINIMAP_WIDTH, Math.max(0, MINIMAP_HEIGHT - bottom));
  context.fillRect(0, top, Math.max(0, left), bottom - top);
  context.fillRect(right, top, Math.max(0, MINIMAP_WIDTH - right), bottom - top);
  context.strokeStyle = VIEW_OUTLINE;
  context.strokeRect(left, top, right - left, bottom - top);
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/** Node colours by category, as the nodes' top borders show them. */
const CATEGORY_COLOURS: Record<string, string> = {
  trigger: '#f59e0b',
  'input-output': '#64748b',
  ai: '#8b5cf6',
  media: '#ef4444',
  messaging: '#38bdf8',
  logic: '#eab308',
  data: '#22c55e',
  network: '#3b82f6',
};
