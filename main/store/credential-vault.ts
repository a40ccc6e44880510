import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { operationalError, userError } from '../../engine/index.ts';
import type { CredentialResolver, ResolvedCredential } from '../../engine/index.ts';
import type { KeySource } from './key-source.ts';

/** What may be read back about a saved credential: everything but the secret. */
export interface CredentialInfo {
  name: string;
  baseUrl?: string;
  createdAt: number;
  updatedAt: number;
}

interface CredentialRow {
  name: string;
  base_url: string | null;
  key_check: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
  created_at: number;
  updated_at: number;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

/**
 * Saved credentials, encrypted with AES-256-GCM. Secrets go in and are never handed back through
 * this API: the only way out is the resolver a run uses to give a node its key. The credential
 * name is bound into the encryption, so a row copied under another name does not decrypt.
 */
export class CredentialVault {
  /** Every secret this vault handed to a run, so that run records can be scrubbed of them. */
  readonly handedOut = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly keys: KeySource,
  ) {}

  /** Saves a new credential or replaces the secret (and base URL) of an existing one. */
  set(name: string, secret: string, options: { baseUrl?: string } = {}): CredentialInfo {
    checkName(name);
    if (secret.length === 0)
      throw userError('CREDENTIAL_EMPTY', `The secret for "${name}" is empty.`, {
        field: 'secret',
      });
    if (options.baseUrl !== undefined) checkBaseUrl(name, options.baseUrl);

    const key = this.keys.key();
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(`pipewright-credential:${name}`));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const now = Date.now();
    this.db
      .prepare(
        `INSERT INTO credentials (name, base_url, key_check, nonce, ciphertext, tag, created_at, updated_at)
         VALUES (@name, @baseUrl, @keyCheck, @nonce, @ciphertext, @tag, @now, @now)
         ON CONFLICT (name) DO UPDATE SET base_url = excluded.base_url, key_check = excluded.key_check,
           nonce = excluded.nonce, ciphertext = excluded.ciphertext, tag = excluded.tag,
           updated_at = excluded.updated_at`,
      )
      .run({
        name,
        baseUrl: options.baseUrl ?? null,
        keyCheck: keyCheck(key),
        nonce,
        ciphertext,
        tag: cipher.getAuthTag(),
        now,
      });
    return this.info(name)!;
  }

  list(): CredentialInfo[] {
    const rows = this.db
      .prepare('SELECT * FROM credentials ORDER BY name')
      .all() as CredentialRow[];
    return rows.map(toInfo);
  }

  info(name: string): CredentialInfo | undefined {
    const row = this.row(name);
    return row ? toInfo(row) : undefined;
  }

  /** Whether a credential of that name was there to delete. */
  delete(name: string): boolean {
    return this.db.prepare('DELETE FROM credentials WHERE name = ?').run(name).changes > 0;
  }

  /** What a run uses to look up the credentials its workflow names. */
  resolver(): CredentialResolver {
    return async (name) => this.unseal(name);
  }

  private unseal(name: string): ResolvedCredential | undefined {
    const row = this.row(name);
    if (!row) return undefined;

    const key = this.keys.key();
    if (row.key_check !== keyCheck(key)) {
      const reason = this.keys.otherKeyReason?.();
      throw operationalError(
        'CREDENTIAL_KEY_MISMATCH',
        `The saved credential "${name}" was encrypted with another key than the ${this.keys.description}${reason ? ` (${reason})` : ''}; save it again where it is used, or leave the node without a saved credential and set its environment variable.`,
        { field: `credentials.${name}` },
      );
    }
    let secret: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, row.nonce);
      decipher.setAAD(Buffer.from(`pipewright-credential:${name}`));
      decipher.setAuthTag(row.tag);
      secret = Buffer.concat([decipher.update(row.ciphertext), decipher.final()]).toString('utf8');
    } catch (error) {
      throw operationalError(
        'CREDENTIAL_DAMAGED',
        `The saved credential "${name}" does not decrypt (its record was altered); save it again.`,
        { field: `credentials.${name}` },
        error,
      );
    }
    this.handedOut.add(secret);
    return row.base_url ? { secret, baseUrl: row.base_url } : { secret };
  }

  private row(name: string): CredentialRow | undefined {
    return this.db.prepare('SELECT * FROM credentials WHERE name = ?').get(name) as
      CredentialRow | undefined;
  }
}

/** A short fingerprint that tells a wrong key from a damaged record without revealing the key. */
function keyCheck(key: Buffer): string {
  return createHash('sha256')
    .update('pipewright-key-check\0')
    .update(key)
    .digest('hex')
    .slice(0, 16);
}

function toInfo(row: CredentialRow): CredentialInfo {
  const info: CredentialInfo = {
    name: row.name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.base_url) info.baseUrl = row.base_url;
  return info;
}

function checkName(name: string) {
  if (NAME.test(name)) return;
  throw userError(
    'CREDENTIAL_NAME_INVALID',
    `"${name}" is not a usable credential name: use 1 to 64 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit.`,
    { field: 'name' },
  );
}

function checkBaseUrl(name: string, baseUrl: string) {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {
    url = undefined;
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:')) return;
  throw userError(
    'CREDENTIAL_BASE_URL_INVALID',
    `The base URL "${baseUrl}" for credential "${name}" is not an http or https address.`,
    { field: 'baseUrl' },
  );
}
