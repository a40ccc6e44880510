import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PipewrightError } from '../../engine/index.ts';
import { formatDiff, openStore } from '../../main/store/index.ts';
import type { Store } from '../../main/store/index.ts';
import { chainDocument, tempHome } from './store-harness.ts';

let store: Store;
let cleanup: () => void;

beforeEach(() => {
  const made = tempHome();
  cleanup = made.cleanup;
  store = openStore({ home: made.home });
});

afterEach(() => {
  store.close();
  cleanup();
});

describe('workflow versions', () => {
  it('makes every changed save a new version and lists them newest first', () => {
    const first = store.workflows.save(chainDocument(), { message: 'first' });
    const second = store.workflows.save(chainDocument({ b: '-B' }));

    expect([first.version, second.version]).toEqual([1, 2]);
    expect(store.workflows.versions('chain').map((v) => v.version)).toEqual([2, 1]);
    expect(store.workflows.list()).toMatchObject([{ id: 'chain', name: 'Chain', headVersion: 2 }]);
    expect(store.workflows.show('chain', 1).nodes[2]!.settings).toEqual({ suffix: '-b' });
    expect(store.workflows.show('chain').nodes[2]!.settings).toEqual({ suffix: '-B' });
  });

  it('adds no version when the saved document equals the latest one', () => {
    store.workflows.save(chainDocument());
    const again = store.workflows.save(chainDocument());

    expect(again.version).toBe(1);
    expect(store.workflows.versions('chain')).toHaveLength(1);
  });

  it('restores an old version as a new version on top, keeping the history', () => {
    store.workflows.save(chainDocument());
    store.workflows.save(chainDocument({ a: '-changed' }));
    const restored = store.workflows.restore('chain', 1);

    expect(restored.version).toBe(3);
    expect(restored.message).toBe('Restored version 1.');
    expect(store.workflows.show('chain')).toEqual(store.workflows.show('chain', 1));
    expect(store.workflows.versions('chain')).toHaveLength(3);
  });

  it('diffs two versions: nodes and edges added and removed, settings changed', () => {
    const before = chainDocument();
    store.workflows.save(before);
    const after = chainDocument({ b: '-B' });
    after.name = 'Chain two';
    after.nodes = after.nodes.filter((node) => node.id !== 'save');
    after.nodes.push({ id: 'c', type: 'test.append', position: { x: 0, y: 90 }, settings: {} });
    after.edges = after.edges.filter((edge) => edge.to[0] !== 'save' && edge.from[0] !== 'save');
    after.edges.push({ from: ['b', 'text'], to: ['c', 'text'] });
    store.workflows.save(after);

    const diff = store.workflows.diff('chain', 1, 2);
    expect(diff.document).toEqual([{ path: 'name', before: 'Chain', after: 'Chain two' }]);
    expect(diff.nodesAdded).toEqual([{ id: 'c', type: 'test.append' }]);
    expect(diff.nodesRemoved).toEqual([{ id: 'save', type: 'test.save-text' }]);
    expect(diff.nodesChanged).toEqual([
      { id: 'b', changes: [{ path: 'settings.suffix', before: '-b', after: '-B' }] },
    ]);
    expect(diff.edgesAdded).toEqual([{ from: ['b', 'text'], to: ['c', 'text'] }]);
    expect(diff.edgesRemoved).toHaveLength(2);
    expect(formatDiff(diff).split('\n')).toEqual([
      '~ name: "Chain" -> "Chain two"',
      '+ node c (test.append)',
      '- node save (test.save-text)',
      '~ node b settings.suffix: "-b" -> "-B"',
      '+ edge b.text -> c.text',
      '- edge b.text -> save.text',
      '- edge save.file -> output.file',
    ]);
  });

  it('names the workflow and version when either is unknown', () => {
    store.workflows.save(chainDocument());
    expect(() => store.workflows.show('nope')).toThrow(/No workflow "nope"/);
    expect(() => store.workflows.show('chain', 9)).toThrow(/has no saved version 9/);
    expect(() => store.workflows.diff('chain', 1, 9)).toThrow(PipewrightError);
  });
});
