import { userError } from '../../engine/index.ts';
import type { CompiledNode, CompiledWorkflow, Ports } from '../../engine/index.ts';
import { fieldList } from '../../nodes/input/fields.ts';
import type { Field } from '../../nodes/input/fields.ts';

/** A field of the service's request or response, with the node it comes from. */
export interface ContractField extends Field {
  nodeId: string;
}

export interface PipelineFields {
  /** The Input nodes' fields, in node order then field order: the request body. */
  inputs: ContractField[];
  /** The Output nodes' fields, likewise: the outputs of a finished run. */
  outputs: ContractField[];
  /** The node of role `telegram-trigger`, when the pipeline has one: it gets a webhook. */
  telegramTrigger?: string;
}

/**
 * Reads what the pipeline takes and gives from its Input and Output nodes. Two nodes that name
 * the same field must agree on its type, since one request body and one outputs object carry
 * them all; otherwise no request could satisfy both, and the contract is refused naming both.
 */
export function pipelineFields(workflow: CompiledWorkflow): PipelineFields {
  const nodes = [...workflow.nodes.values()];
  const result: PipelineFields = {
    inputs: collect(nodes.filter((node) => node.definition.role === 'input')),
    outputs: collect(nodes.filter((node) => node.definition.role === 'output')),
  };
  const trigger = nodes.find((node) => node.definition.role === 'telegram-trigger');
  if (trigger) result.telegramTrigger = trigger.id;
  return result;
}

function collect(nodes: CompiledNode[]): ContractField[] {
  const byName = new Map<string, ContractField>();
  for (const node of nodes) {
    for (const field of fieldsOf(node)) {
      const earlier = byName.get(field.name);
      if (!earlier) {
        byName.set(field.name, { ...field, nodeId: node.id });
        continue;
      }
      if (earlier.type !== field.type) {
        throw userError(
          'CONTRACT_FIELD_CONFLICT',
          `Nodes "${earlier.nodeId}" and "${node.id}" both declare the field "${field.name}", as ${earlier.type} and as ${field.type}; give one of them another name.`,
          { nodeId: node.id, field: field.name },
        );
      }
      if (field.required && !earlier.required) earlier.required = true;
    }
  }
  return [...byName.values()];
}

/**
 * The fields a node declares in its settings (Input and Output do); a node kind of the same
 * role that declares only ports contributes them, with what ports can say.
 */
function fieldsOf(node: CompiledNode): Field[] {
  const settings = node.settings as { fields?: unknown } | null;
  const parsed = fieldList.safeParse(settings?.fields);
  if (parsed.success && settings?.fields !== undefined) return parsed.data;
  return fromPorts(node.definition.role === 'input' ? node.outputs : node.inputs);
}

const TELEGRAM_MESSAGE_SCHEMA = {
  type: 'object',
  required: ['chatId'],
  properties: { chatId: { type: ['integer', 'string'] } },
};

function fromPorts(ports: Ports): Field[] {
  const fields: Field[] = [];
  for (const [name, port] of Object.entries(ports)) {
    const type = port.type === 'any' || port.type === 'telegram-message' ? 'json' : port.type;
    const field: Field = { name, type, required: !port.optional };
    if (port.description) field.description = port.description;
    if (port.schema) field.schema = port.schema;
    else if (port.type === 'telegram-message') field.schema = TELEGRAM_MESSAGE_SCHEMA;
    fields.push(field);
  }
  return fields;
}
