import { NodeRegistry } from '../engine/index.ts';
import type { NodeDefinition } from '../engine/index.ts';
import { inputNode } from './input/input.node.ts';
import { outputNode } from './output/output.node.ts';
import { templateNode } from './template/template.node.ts';
import { transformNode } from './transform/transform.node.ts';
import { branchNode } from './branch/branch.node.ts';
import { httpRequestNode } from './http-request/http-request.node.ts';
import { llmScriptNode } from './llm-script/llm-script.node.ts';
import { elevenLabsVoiceNode } from './elevenlabs-voice/elevenlabs-voice.node.ts';
import { telegramTriggerNode } from './telegram-trigger/telegram-trigger.node.ts';
import { telegramSendNode } from './telegram-send/telegram-send.node.ts';
import { offlineVoiceNode } from './offline-voice/offline-voice.node.ts';
import { videoRenderNode } from './video-render/video-render.node.ts';

/** Every node kind that ships with Pipewright, in palette order. */
export const builtinNodes: NodeDefinition<never>[] = [
  inputNode,
  outputNode,
  telegramTriggerNode,
  templateNode,
  transformNode,
  branchNode,
  httpRequestNode,
  llmScriptNode,
  elevenLabsVoiceNode,
  telegramSendNode,
  offlineVoiceNode,
  videoRenderNode,
] as unknown as NodeDefinition<never>[];

export function builtinRegistry(): NodeRegistry {
  return new NodeRegistry(builtinNodes);
}
