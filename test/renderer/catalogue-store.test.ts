import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../renderer/src/api/client.ts';
import { setStudioClient } from '../../renderer/src/api/studio-client.ts';
import { portsOf, useCatalogue } from '../../renderer/src/store/catalogue-store.ts';
import type { Catalogue } from '../../main/api/types.ts';

const textPort = { type: 'text' } as const;
const jsonPort = { type: 'json' } as const;

/** The studio's answer for the LLM script: a `script` output in structured mode only. */
function answer(settings: Record<string, unknown>) {
  if (typeof settings.temperature === 'number' && settings.temperature < 0) {
    return {
      inputs: { topic: textPort },
      outputs: { text: textPort },
      problems: [{ code: 'INVALID_SETTINGS', message: 'Too small', field: 'temperature' }],
    };
  }
  const outputs = settings.mode === 'structured' ? { text: textPort, script: jsonPort } : {};
  return { inputs: { topic: textPort }, outputs: { text: textPort, ...outputs }, problems: [] };
}

beforeEach(() => {
  setStudioClient({
    call: async (_route: string, _params: unknown, body: { settings: Record<string, unknown> }) =>
      answer(body.settings),
  } as unknown as ApiClient);
  useCatalogue.setState({ ports: {}, settingsProblems: {} });
  useCatalogue.getState().setCatalogue({
    kinds: [
      {
        type: 'llm.script',
        title: 'LLM script',
        dynamicPorts: true,
        inputs: { topic: textPort },
        outputs: { text: textPort },
      },
    ],
  } as unknown as Catalogue);
});

describe('catalogue store', () => {
  it('takes the ports the studio resolves for a node from its settings', async () => {
    await useCatalogue.getState().resolvePorts('script', 'llm.script', { mode: 'structured' });
    expect(Object.keys(portsOf('script', 'llm.script').outputs)).toEqual(['text', 'script']);
  });

  it('keeps the ports a node had while one of its settings is invalid, and shows the problem', async () => {
    const { resolvePorts } = useCatalogue.getState();
    await resolvePorts('script', 'llm.script', { mode: 'structured' });
    await resolvePorts('script', 'llm.script', { mode: 'structured', temperature: -5 });

    expect(Object.keys(portsOf('script', 'llm.script').outputs)).toEqual(['text', 'script']);
    expect(useCatalogue.getState().settingsProblems.script).toEqual([
      expect.objectContaining({ field: 'temperature' }),
    ]);

    await resolvePorts('script', 'llm.script', { mode: 'plain' });
    expect(Object.keys(portsOf('script', 'llm.script').outputs)).toEqual(['text']);
    expect(useCatalogue.getState().settingsProblems.script).toEqual([]);
  });
});
