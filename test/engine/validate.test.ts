import { describe, expect, it } from 'vitest';
import { parseWorkflowText, validateWorkflow } from '../../engine/index.ts';
import { registryWith, sketch } from '../harness/engine-runner.ts';

const registry = registryWith();

function problemsOf(document: unknown) {
  const result = validateWorkflow(document, registry);
  return result.ok ? [] : result.problems;
}

describe('workflow validation', () => {
  it('accepts a well-formed workflow and orders it topologically', () => {
    const document = sketch(
      [
        { id: 'out', type: 'output', settings: { fields: [{ name: 'greeting' }] } },
        { id: 'greet', type: 'text.template', settings: { template: 'Hi {{who}}' } },
        { id: 'in', type: 'input', settings: { fields: [{ name: 'who' }] } },
      ],
      ['in.who -> greet.who', 'greet.text -> out.greeting'],
    );
    const result = validateWorkflow(document, registry);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.workflow.order).toEqual(['in', 'greet', 'out']);
  });

  it('reports every kind of problem at once, each with a path and the node it concerns', () => {
    const document = sketch(
      [
        { id: 'in', type: 'input', settings: { fields: [{ name: 'count', type: 'number' }] } },
        { id: 'in', type: 'input' },
        { id: 'mystery', type: 'no.such.kind' },
        { id: 'fetch', type: 'http.request', settings: { timeoutMs: 5 } },
        { id: 'loop-a', type: 'text.template', settings: { template: '{{x}}' } },
        { id: 'loop-b', type: 'text.template', settings: { template: '{{x}}' } },
        { id: 'lonely', type: 'json.transform' },
        { id: 'out', type: 'output', settings: { fields: [{ name: 'audio', type: 'audio' }] } },
      ],
      [
        'in.count -> out.audio',
        'in.nope -> loop-a.x',
        'loop-a.text -> loop-b.x',
        'loop-b.text -> loop-a.x',
        'ghost.text -> out.audio',
      ],
    );

    const problems = problemsOf(document);
    const codes = problems.map((problem) => problem.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'DUPLICATE_NODE_ID',
        'UNKNOWN_NODE_TYPE',
        'INVALID_SETTINGS',
        'TYPE_MISMATCH',
        'MISSING_PORT',
        'MISSING_NODE',
        'MISSING_INPUT',
        'CYCLE',
      ]),
    );
    expect(problems.find((p) => p.code === 'DUPLICATE_NODE_ID')).toMatchObject({
      path: 'nodes[1].id',
      nodeId: 'in',
    });
    expect(problems.find((p) => p.code === 'UNKNOWN_NODE_TYPE')).toMatchObject({
      path: 'nodes[2].type',
      nodeId: 'mystery',
    });
    expect(problems.find((p) => p.code === 'INVALID_SETTINGS')).toMatchObject({
      path: 'nodes[3].settings.timeoutMs',
      nodeId: 'fetch',
      field: 'timeoutMs',
    });
    expect(problems.find((p) => p.code === 'TYPE_MISMATCH')).toMatchObject({
      path: 'edges[0]',
      nodeId: 'out',
      field: 'audio',
    });
    expect(problems.find((p) => p.code === 'TYPE_MISMATCH')?.message).toContain(
      'a number output cannot feed an audio input',
    );
    expect(problems.find((p) => p.code === 'MISSING_PORT')).toMatchObject({
      path: 'edges[1].from[1]',
      nodeId: 'in',
    });
    expect(problems.find((p) => p.code === 'MISSING_NODE')).toMatchObject({
      path: 'edges[4].from[0]',
      nodeId: 'ghost',
    });
    expect(problems.find((p) => p.code === 'MISSING_INPUT')).toMatchObject({
      path: 'nodes[6].inputs.data',
      nodeId: 'lonely',
      field: 'data',
    });
    expect(problems.filter((p) => p.code === 'CYCLE')).toEqual([
      expect.objectContaining({ path: 'nodes[4]', nodeId: 'loop-a' }),
      expect.objectContaining({ path: 'nodes[5]', nodeId: 'loop-b' }),
    ]);
  });

  it('names the nodes on a loop, not the ones that merely follow it', () => {
    const template = (id: string, template = '{{x}}') => ({
      id,
      type: 'text.template',
      settings: { template },
    });
    const problems = problemsOf(
      sketch(
        [template('a'), template('b'), template('after'), template('self', '{{x}}{{y}}')],
        ['a.text -> b.x', 'b.text -> a.x', 'b.text -> after.x', 'self.text -> self.x'],
      ),
    );
    expect(problems).toEqual([
      expect.objectContaining({ code: 'MISSING_INPUT', nodeId: 'self', field: 'y' }),
      expect.objectContaining({ code: 'CYCLE', nodeId: 'a', path: 'nodes[0]' }),
      expect.objectContaining({ code: 'CYCLE', nodeId: 'b', path: 'nodes[1]' }),
      expect.objectContaining({ code: 'CYCLE', nodeId: 'self', path: 'nodes[3]' }),
    ]);
    expect(problems[1]!.message).toContain('on a loop with "b"');
    expect(problems[3]!.message).toContain('wired into itself');
  });

  it('allows one entry point, an Input or a trigger', () => {
    const problems = problemsOf(
      sketch([
        { id: 'first', type: 'input', settings: { fields: [] } },
        { id: 'second', type: 'input', settings: { fields: [] } },
      ]),
    );
    expect(problems).toEqual([
      expect.objectContaining({ code: 'MULTIPLE_ENTRIES', nodeId: 'second', path: 'nodes[1]' }),
    ]);
    const afterBrokenNode = problemsOf(
      sketch([
        { id: 'broken', type: 'no.such.kind' },
        { id: 'first', type: 'input', settings: { fields: [] } },
        { id: 'second', type: 'input', settings: { fields: [] } },
      ]),
    );
    expect(afterBrokenNode.find((p) => p.code === 'MULTIPLE_ENTRIES')?.path).toBe('nodes[2]');
  });

  it('names a file from a newer Pipewright instead of misreading it', () => {
    const problems = problemsOf({ ...sketch([]), format: 7 });
    expect(problems).toEqual([
      expect.objectContaining({ code: 'UNSUPPORTED_FORMAT', path: 'format' }),
    ]);
    expect(problems[0]!.message).toContain('Update Pipewright');
  });

  it('turns a JSON syntax error into a problem', () => {
    const result = parseWorkflowText('{ "format": 1,', registry);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]!.code).toBe('INVALID_JSON');
  });

  it.each([null, 42, 'text', [], { nodes: 'many' }, { format: 1, nodes: [null, 3], edges: [7] }])(
    'answers %j with problems, never an exception',
    (value) => {
      expect(problemsOf(value).length).toBeGreaterThan(0);
    },
  );

  it('rejects an invalid JSONata expression as a settings problem on its node', () => {
    const document = sketch(
      [
        { id: 'in', type: 'input', settings: { fields: [{ name: 'data', type: 'json' }] } },
        { id: 'pick', type: 'json.transform', settings: { expression: 'items[' } },
      ],
      ['in.data -> pick.data'],
    );
    expect(problemsOf(document)).toEqual([
      expect.objectContaining({ code: 'INVALID_SETTINGS', nodeId: 'pick', field: 'expression' }),
    ]);
  });
});
