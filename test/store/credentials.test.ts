import { createDecipheriv } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PipewrightError } from '../../engine/index.ts';
import { keySourceFor, openStore, SafeStorageKeySource } from '../../main/store/index.ts';
import type { SafeStorageLike, Store } from '../../main/store/index.ts';
import { tempHome } from './store-harness.ts';

const SECRET = 'sk-credential-test-0123456789abcdef';

let home: string;
let store: Store;
let cleanup: () => void;

beforeEach(() => {
  const made = tempHome();
  home = made.home;
  cleanup = made.cleanup;
  store = openStore({ home });
});

afterEach(() => {
  store.close();
  cleanup();
});

/** Stands in for Electron's safeStorage: a reversible scramble, counted so the test sees use. */
function fakeSafeStorage(): SafeStorageLike & { calls: number } {
  const flip = (buffer: Buffer) => Buffer.from(buffer.map((byte) => byte ^ 0x5a));
  return {
    calls: 0,
    isEncryptionAvailable: () => true,
    encryptString(text) {
      this.calls += 1;
      return flip(Buffer.from(text));
    },
    decryptString(sealed) {
      this.calls += 1;
      return flip(sealed).toString();
    },
  };
}

describe('saved credentials', () => {
  it('hands a saved secret and base URL to runs, and lists only names and base URLs', async () => {
    store.credentials.set('openai-work', SECRET, { baseUrl: 'http://127.0.0.1:8080/v1' });

    expect(await store.credentials.resolver()('openai-work')).toEqual({
      secret: SECRET,
      baseUrl: 'http://127.0.0.1:8080/v1',
    });
    expect(await store.credentials.resolver()('unknown')).toBeUndefined();
    const listed = store.credentials.list();
    expect(listed).toMatchObject([{ name: 'openai-work', baseUrl: 'http://127.0.0.1:8080/v1' }]);
    expect(JSON.stringify(listed)).not.toContain(SECRET);
  });

  it('replaces and deletes a secret without ever reading it back', async () => {
    store.credentials.set('key', SECRET);
    store.credentials.set('key', 'sk-replacement-secret-value');
    expect((await store.credentials.resolver()('key'))?.secret).toBe('sk-replacement-secret-value');

    expect(store.credentials.delete('key')).toBe(true);
    expect(store.credentials.delete('key')).toBe(false);
    expect(await store.credentials.resolver()('key')).toBeUndefined();
  });

  it('keeps the secret encrypted in the database file', () => {
    store.credentials.set('key', SECRET);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(store.file);
    expect(bytes.includes(Buffer.from(SECRET))).toBe(false);
    expect(bytes.includes(Buffer.from('sk-credential'))).toBe(false);
  });

  it("seals each secret with AES-256-GCM under the key file's key, bound to its name", async () => {
    store.credentials.set('key', SECRET);
    const key = Buffer.from(readFileSync(join(home, 'secret.key'), 'utf8').trim(), 'base64');
    const row = store.db
      .prepare('SELECT nonce, ciphertext, tag FROM credentials WHERE name = ?')
      .get('key') as { nonce: Buffer; ciphertext: Buffer; tag: Buffer };

    expect(key).toHaveLength(32);
    expect(row.nonce).toHaveLength(12);
    const decipher = createDecipheriv('aes-256-gcm', key, row.nonce);
    decipher.setAAD(Buffer.from('pipewright-credential:key'));
    decipher.setAuthTag(row.tag);
    const plain = Buffer.concat([decipher.update(row.ciphertext), decipher.final()]);
    expect(plain.toString()).toBe(SECRET);

    const flipped = Buffer.from(row.ciphertext);
    flipped[0]! ^= 1;
    store.db.prepare('UPDATE credentials SET ciphertext = ? WHERE name = ?').run(flipped, 'key');
    await expect(store.credentials.resolver()('key')).rejects.toMatchObject({
      code: 'CREDENTIAL_DAMAGED',
    });
    store.db
      .prepare(
        `INSERT INTO credentials SELECT 'copy', base_url, key_check, nonce, ?, tag, created_at,
           updated_at FROM credentials WHERE name = 'key'`,
      )
      .run(row.ciphertext);
    await expect(store.credentials.resolver()('copy')).rejects.toMatchObject({
      code: 'CREDENTIAL_DAMAGED',
    });
  });

  it('creates the key file readable by its owner only and refuses one others can read', () => {
    store.credentials.set('key', SECRET);
    const keyFile = join(home, 'secret.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    chmodSync(keyFile, 0o644);
    store.close();
    store = openStore({ home });
    expect(() => store.credentials.set('other', SECRET)).toThrow(/can be read by other users/);
  });

  it('uses a key sealed by safeStorage when the desktop app provides it', async () => {
    const safeStorage = fakeSafeStorage();
    store.close();
    store = openStore({ home, keySource: keySourceFor(home, safeStorage) });
    store.credentials.set('key', SECRET);

    expect(safeStorage.calls).toBeGreaterThan(0);
    const sealed = readFileSync(join(home, 'secret.key.safe'));
    expect(statSync(join(home, 'secret.key.safe')).mode & 0o777).toBe(0o600);
    expect(new SafeStorageKeySource(home, safeStorage).key()).toHaveLength(32);
    expect(sealed.length).toBeGreaterThan(0);
    expect((await store.credentials.resolver()('key'))?.secret).toBe(SECRET);
  });

  it('says the key changed, rather than failing obscurely, when the key file is replaced', async () => {
    store.credentials.set('key', SECRET);
    const keyFile = join(home, 'secret.key');
    writeFileSync(keyFile, `${Buffer.alloc(32, 7).toString('base64')}\n`, { mode: 0o600 });
    store.close();
    store = openStore({ home });

    const error = await store.credentials
      .resolver()('key')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PipewrightError);
    expect((error as PipewrightError).code).toBe('CREDENTIAL_KEY_MISMATCH');
  });

  it('says a credential the desktop app sealed with the keychain key cannot open on the command line', async () => {
    store.close();
    store = openStore({ home, keySource: keySourceFor(home, fakeSafeStorage()) });
    store.credentials.set('studio-key', SECRET);
    store.close();
    store = openStore({ home });

    const error = await store.credentials
      .resolver()('studio-key')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CREDENTIAL_KEY_MISMATCH' });
    expect((error as Error).message).toContain(
      'saved by the desktop app, whose key is kept in the system keychain',
    );
  });

  it('refuses an unusable name or base URL, naming the field', () => {
    expect(() => store.credentials.set('../x', SECRET)).toThrow(/not a usable credential name/);
    expect(() => store.credentials.set('ok', SECRET, { baseUrl: 'ftp://x' })).toThrow(
      /not an http or https address/,
    );
    expect(() => store.credentials.set('ok', '')).toThrow(/empty/);
  });
});
