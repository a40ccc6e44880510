import type { NodeRunOptions, TestNode } from '../harness/node-runner.ts';

export type ScriptRunExtra = Partial<NodeRunOptions> & { script?: Partial<TestNode> };

/**
 * An Input with a topic field feeding the script node, whose outputs reach an Output: the run
 * the LLM script tests share. `env` points the node at the OpenAI fake.
 */
export function scriptRunWith(
  env: Record<string, string>,
  settings: Record<string, unknown>,
  extra: ScriptRunExtra = {},
): NodeRunOptions {
  const structured = settings.mode === 'structured';
  return {
    nodes: [
      { id: 'in', type: 'input', settings: { fields: [{ name: 'topic', type: 'text' }] } },
      { id: 'script', type: 'llm.script', settings, ...extra.script },
      {
        id: 'out',
        type: 'output',
        settings: {
          fields: [
            { name: 'text', type: 'text' },
            ...(structured ? [{ name: 'script', type: 'json' }] : []),
          ],
        },
      },
    ],
    edges: [
      ['in.topic', 'script.topic'],
      ['script.text', 'out.text'],
      ...(structured ? ([['script.script', 'out.script']] as [string, string][]) : []),
    ],
    inputs: { topic: 'lighthouses' },
    env,
    ...extra,
  };
}
