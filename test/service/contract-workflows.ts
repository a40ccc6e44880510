import { validateWorkflow } from '../../engine/index.ts';
import type { CompiledWorkflow, WorkflowDocument } from '../../engine/index.ts';
import { builtinRegistry } from '../../nodes/index.ts';
import type { Field } from '../../nodes/input/fields.ts';
import { generateContract } from '../../service/contract/generate.ts';
import type { ContractOptions, OpenApiDocument } from '../../service/contract/generate.ts';

/** A field as tests write it: `required` and `type` fall back to the Input node's defaults. */
export type FieldSpec = Partial<Field> & { name: string };

export interface PipelineSpec {
  id?: string;
  name?: string;
  version?: string;
  description?: string;
  inputs?: FieldSpec[];
  outputs?: FieldSpec[];
  /**
   * Starts the pipeline with a Telegram trigger instead of the Input node (a pipeline has one
   * entry), which gives the service a webhook and an empty run request.
   */
  telegram?: boolean;
}

export const STORY_INPUTS: FieldSpec[] = [
  { name: 'topic', type: 'text', description: 'What the story is about.', example: 'a lost cat' },
  { name: 'tone', type: 'text', enum: ['calm', 'wild'], default: 'calm' },
  { name: 'length', type: 'number', required: false, description: 'Sentences.', example: 3 },
];

export const STORY_OUTPUTS: FieldSpec[] = [
  { name: 'story', type: 'text', description: 'The story.', example: 'Once upon a time.' },
];

/**
 * A workflow document: Input → Template → Output, where every text output reads the template's
 * text and every other output reads the input field of its own name when there is one.
 */
export function pipelineDocument(spec: PipelineSpec = {}): WorkflowDocument {
  const inputs = spec.telegram ? [] : (spec.inputs ?? STORY_INPUTS);
  const outputs = spec.outputs ?? STORY_OUTPUTS;
  const nodes: WorkflowDocument['nodes'] = [
    { id: 'in', type: 'input', position: { x: 0, y: 0 }, settings: { fields: inputs } },
    {
      id: 'write',
      type: 'text.template',
      position: { x: 200, y: 0 },
      settings: { template: 'A story about {{subject}}.' },
    },
    { id: 'out', type: 'output', position: { x: 400, y: 0 }, settings: { fields: outputs } },
  ];
  const edges: WorkflowDocument['edges'] = [];

  const textInput = inputs.find((field) => (field.type ?? 'text') === 'text');
  if (spec.telegram) {
    nodes[0] = { id: 'bot', type: 'telegram.trigger', position: { x: 0, y: 0 }, settings: {} };
    edges.push({ from: ['bot', 'text'], to: ['write', 'subject'] });
  } else if (textInput) {
    edges.push({ from: ['in', textInput.name], to: ['write', 'subject'] });
  } else {
    nodes[1]!.settings = { template: 'A story.' };
  }

  for (const field of outputs) {
    const type = field.type ?? 'text';
    const same = inputs.find((input) => input.name === field.name);
    if (same) edges.push({ from: ['in', field.name], to: ['out', field.name] });
    else if (type === 'text') edges.push({ from: ['write', 'text'], to: ['out', field.name] });
  }

  const document: WorkflowDocument = {
    format: 1,
    id: spec.id ?? 'story-teller',
    name: spec.name ?? 'Story teller',
    version: spec.version ?? '1.0.0',
    nodes,
    edges,
  };
  if (spec.description !== undefined) document.description = spec.description;
  return document;
}

export function compile(document: unknown): CompiledWorkflow {
  const result = validateWorkflow(document, builtinRegistry());
  if (!result.ok) {
    throw new Error(result.problems.map((problem) => problem.message).join('\n'));
  }
  return result.workflow;
}

export function pipeline(spec: PipelineSpec = {}): CompiledWorkflow {
  return compile(pipelineDocument(spec));
}

export function contractOf(spec: PipelineSpec = {}, options?: ContractOptions): OpenApiDocument {
  return generateContract(pipeline(spec), options);
}
