import { describe, expect, it } from 'vitest';
import { portsFor } from '../../engine/index.ts';
import { compile, record, registryWith, sketch, tempArtifacts } from '../harness/engine-runner.ts';

async function runOne(
  type: string,
  settings: Record<string, unknown>,
  input: unknown,
  inputType = 'json',
) {
  const registry = registryWith();
  const kind = registry.get(type)!;
  const parsed = kind.settings.parse(settings);
  const inPort = Object.keys(portsFor(kind.inputs, parsed))[0]!;
  const outPorts = Object.keys(portsFor(kind.outputs, parsed));
  const document = sketch(
    [
      { id: 'in', type: 'input', settings: { fields: [{ name: 'value', type: inputType }] } },
      { id: 'n', type, settings },
      {
        id: 'out',
        type: 'output',
        settings: { fields: outPorts.map((name) => ({ name, type: 'json', required: false })) },
      },
    ],
    [`in.value -> n.${inPort}`, ...outPorts.map((port) => `n.${port} -> out.${port}`)],
  );
  const run = record({
    workflow: compile(document, registry),
    artifacts: await tempArtifacts(),
    cache: null,
    inputs: { value: input },
  });
  return { result: await run.handle.done, run };
}

describe('the data nodes', () => {
  it('Template fills placeholders, reading fields of JSON inputs', async () => {
    const registry = registryWith();
    const document = sketch(
      [
        {
          id: 'in',
          type: 'input',
          settings: { fields: [{ name: 'who' }, { name: 'meta', type: 'json' }] },
        },
        {
          id: 't',
          type: 'text.template',
          settings: {
            template:
              '  Hi {{who}}, you are {{ meta.age }} ({{meta.missing}}{{meta.constructor}}) {{meta.tags.1}}  ',
          },
        },
        { id: 'out', type: 'output', settings: { fields: [{ name: 'text' }] } },
      ],
      ['in.who -> t.who', 'in.meta -> t.meta', 't.text -> out.text'],
    );
    const run = record({
      workflow: compile(document, registry),
      artifacts: await tempArtifacts(),
      cache: null,
      inputs: { who: 'Ada', meta: '{"age": 36, "tags": ["x", "y"]}' },
    });
    expect((await run.handle.done).outputs).toEqual({ text: 'Hi Ada, you are 36 () y' });
  });

  it('Transform picks with JSONata and types its result', async () => {
    const { result } = await runOne(
      'json.transform',
      { expression: 'scenes.caption', resultType: 'json' },
      {
        scenes: [{ caption: 'one' }, { caption: 'two' }],
      },
    );
    expect(result.outputs).toEqual({ result: ['one', 'two'] });

    const count = await runOne(
      'json.transform',
      { expression: '$count(scenes)', resultType: 'number' },
      { scenes: [1, 2, 3] },
    );
    expect(count.result.outputs).toEqual({ result: 3 });
  });

  it('Transform says so when its expression finds nothing, naming the node and setting', async () => {
    const { result } = await runOne('json.transform', { expression: 'nothing.here' }, { a: 1 });
    expect(result.error).toMatchObject({
      code: 'EXPRESSION_EMPTY',
      details: { nodeId: 'n', field: 'expression' },
    });
  });

  it('Transform fails a recursion that never ends as an error on its expression', async () => {
    const deep = '($f := function($x){ $x > 0 ? 1 + $f($x - 1) : 0 }; $f(1000000))';
    const { result } = await runOne('json.transform', { expression: deep }, {});
    expect(result.error).toMatchObject({
      code: 'EXPRESSION_FAILED',
      details: { nodeId: 'n', field: 'expression' },
    });
    expect(result.error?.message).toContain('Stack overflow');
  });

  it('Transform stops an endless expression as soon as the run is cancelled', async () => {
    const endless = '($f := function($x){ $f($x + 1) }; $f(1))';
    const document = sketch(
      [
        { id: 'in', type: 'input', settings: { fields: [{ name: 'value', type: 'json' }] } },
        { id: 'n', type: 'json.transform', settings: { expression: endless } },
      ],
      ['in.value -> n.data'],
    );
    const run = record({
      workflow: compile(document, registryWith()),
      artifacts: await tempArtifacts(),
      cache: null,
      inputs: { value: '{}' },
      cancelGraceMs: 10_000,
    });
    while (run.of('node.started', 'n').length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const cancelledAt = performance.now();
    run.handle.cancel();
    const result = await run.handle.done;

    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    expect(result.status).toBe('cancelled');
    expect(result.nodes.n!.error?.code).toBe('RUN_CANCELLED');
  });

  it('Branch routes to yes or no and logs its verdict', async () => {
    const yes = await runOne('logic.branch', { condition: 'score > 0.5' }, { score: 0.9 });
    expect(yes.result.outputs).toEqual({ yes: { score: 0.9 } });
    expect(yes.run.of('node.log', 'n')[0]!.message).toBe('condition is true');

    const no = await runOne('logic.branch', { condition: 'score > 0.5' }, { score: 0.1 });
    expect(no.result.outputs).toEqual({ no: { score: 0.1 } });
  });

  it('Input reads JSON text for a json field, and keeps other text as a string', async () => {
    const parsed = await runOne('json.transform', {}, '{"a": [1, 2]}', 'json');
    expect(parsed.result.outputs).toEqual({ result: { a: [1, 2] } });

    const loose = await runOne('json.transform', {}, 'not json {', 'json');
    expect(loose.result.outputs).toEqual({ result: 'not json {' });
  });

  it('Input checks a json field against the schema it declares, naming the field and path', async () => {
    const registry = registryWith();
    const schema = {
      type: 'object',
      required: ['scenes'],
      properties: { scenes: { type: 'array', items: { type: 'number' } } },
    };
    const document = sketch([
      { id: 'in', type: 'input', settings: { fields: [{ name: 'plan', type: 'json', schema }] } },
    ]);
    const artifacts = await tempArtifacts();
    const run = (plan: unknown) =>
      record({ workflow: compile(document, registry), artifacts, cache: null, inputs: { plan } })
        .handle.done;

    const good = await run('{"scenes": [1, 2]}');
    expect(good.status).toBe('completed');
    expect(good.nodes.in!.outputs).toEqual({ plan: { scenes: [1, 2] } });

    const bad = await run({ scenes: [1, 'two'] });
    expect(bad.error).toMatchObject({
      code: 'INPUT_INVALID',
      details: { field: 'plan', path: 'plan/scenes/1' },
    });
    expect(bad.error?.message).toBe(
      'The input "plan" does not match its schema at /scenes/1: it must be number.',
    );

    const broken = sketch([
      {
        id: 'in',
        type: 'input',
        settings: { fields: [{ name: 'plan', type: 'json', schema: { type: 'lots' } }] },
      },
    ]);
    const refused = await record({
      workflow: compile(broken, registry),
      artifacts,
      cache: null,
      inputs: { plan: {} },
    }).handle.done;
    expect(refused.error).toMatchObject({
      code: 'INPUT_SCHEMA_INVALID',
      details: { field: 'plan.schema' },
    });
  });

  it('Input rejects a value of the wrong type and an unknown input by name', async () => {
    const registry = registryWith();
    const document = sketch([
      { id: 'in', type: 'input', settings: { fields: [{ name: 'count', type: 'number' }] } },
    ]);
    const bad = await record({
      workflow: compile(document, registry),
      artifacts: await tempArtifacts(),
      cache: null,
      inputs: { count: 'many' },
    }).handle.done;
    expect(bad.error).toMatchObject({ code: 'INPUT_INVALID', details: { field: 'count' } });
    expect(bad.error?.message).toBe('The input "count" must be a number.');

    const unknown = await record({
      workflow: compile(document, registry),
      artifacts: await tempArtifacts(),
      cache: null,
      inputs: { count: '3', extra: 1 },
    }).handle.done;
    expect(unknown.error?.message).toBe('Unknown input "extra"; this pipeline takes: count.');

    const media = sketch([
      { id: 'in', type: 'input', settings: { fields: [{ name: 'clip', type: 'audio' }] } },
    ]);
    const notAFile = await record({
      workflow: compile(media, registry),
      artifacts: await tempArtifacts(),
      cache: null,
      inputs: { clip: 'song.mp3' },
    }).handle.done;
    expect(notAFile.error?.message).toBe('The input "clip" must be an audio file.');
  });
});
