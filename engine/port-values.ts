import { isArtifactRef } from './artifacts.ts';
import { PipewrightError } from './errors.ts';
import { isMediaPortType } from './port-types.ts';
import type { PortType } from './port-types.ts';
import type { CompiledNode } from './validate.ts';

/** A number or boolean wired into a text input arrives as its printed form. */
export function coerceInput(type: PortType, value: unknown): unknown {
  if (type === 'text' && (typeof value === 'number' || typeof value === 'boolean')) {
    return String(value);
  }
  return value;
}

/** Whether a value fits a port type, as the run checks every output before passing it on. */
export function fitsPortType(type: PortType, value: unknown): boolean {
  switch (type) {
    case 'text':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'telegram-message':
      return !!value && typeof value === 'object' && 'chatId' in value;
    case 'json':
    case 'any':
      return value !== undefined;
    default:
      return isMediaPortType(type) && isArtifactRef(value);
  }
}

/**
 * Catches a node kind that returns something its ports do not declare, before a wrong value
 * travels on and fails somewhere far from its cause. Ports left out mean "no value" (a branch).
 */
export function checkOutputs(node: CompiledNode, outputs: unknown): void {
  if (!outputs || typeof outputs !== 'object') {
    throw invalid(node, `returned ${String(outputs)} instead of an object of outputs`);
  }
  for (const [port, value] of Object.entries(outputs)) {
    const spec = node.outputs[port];
    if (!spec) throw invalid(node, `returned an undeclared output "${port}"`);
    if (value !== undefined && !fitsPortType(spec.type, value)) {
      throw invalid(node, `returned a value for "${port}" that is not ${spec.type}`);
    }
  }
}

function invalid(node: CompiledNode, what: string) {
  return new PipewrightError(
    'INVALID_OUTPUT',
    `Node "${node.id}" (${node.definition.title}) ${what}.`,
    { fault: 'unexpected', details: { nodeId: node.id } },
  );
}
