import { randomBytes } from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { operationalError } from '../../engine/index.ts';

/** Where the 32-byte key that encrypts saved credentials comes from. */
export interface KeySource {
  /** Shown in errors and in `credentials list`, e.g. "key file" or "system keychain". */
  readonly description: string;
  key(): Buffer;
  /**
   * Why a credential saved in this data folder may have been sealed under another key, when
   * that can be told; said to the user beside the mismatch.
   */
  otherKeyReason?(): string | undefined;
}

/** The part of Electron's `safeStorage` this module uses; the Electron main process hands it in. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

const KEY_BYTES = 32;
const KEY_FILE = 'secret.key';
const SEALED_KEY_FILE = 'secret.key.safe';

/**
 * The key source for a data folder: the system keychain through Electron's safeStorage when the
 * desktop app runs and it is available, else a key file that only the user can read.
 */
export function keySourceFor(home: string, safeStorage?: SafeStorageLike): KeySource {
  if (safeStorage?.isEncryptionAvailable()) return new SafeStorageKeySource(home, safeStorage);
  return new KeyFileSource(join(home, KEY_FILE));
}

/** A random key in a file created with mode 0600; a file others can read is refused. */
export class KeyFileSource implements KeySource {
  readonly description: string;
  private cached?: Buffer;

  constructor(readonly file: string) {
    this.description = `key file ${file}`;
  }

  key(): Buffer {
    this.cached ??= this.read() ?? this.create();
    return this.cached;
  }

  /**
   * The desktop app keeps its key in the system keychain, which a command-line process cannot
   * open, so a credential saved in the studio does not open in `pipewright run` on one folder.
   */
  otherKeyReason(): string | undefined {
    if (!existsSync(join(dirname(this.file), SEALED_KEY_FILE))) return undefined;
    return 'it was most likely saved by the desktop app, whose key is kept in the system keychain where the command line cannot read it';
  }

  private read(): Buffer | undefined {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    }
    checkPrivate(this.file);
    const key = Buffer.from(text.trim(), 'base64');
    if (key.length !== KEY_BYTES) throw damagedKey(this.file);
    return key;
  }

  private create(): Buffer {
    const key = randomBytes(KEY_BYTES);
    publishOnce(this.file, `${key.toString('base64')}\n`);
    // Another process may have won the race to create it: whichever file landed is the key.
    return this.read()!;
  }
}

/**
 * A random key kept in a file encrypted by the operating system's keychain (Electron
 * safeStorage), so that copying the data folder to another machine or account copies no
 * readable key.
 */
export class SafeStorageKeySource implements KeySource {
  readonly description = 'system keychain (Electron safeStorage)';
  private readonly file: string;
  private cached?: Buffer;

  constructor(
    home: string,
    private readonly safeStorage: SafeStorageLike,
  ) {
    this.file = join(home, SEALED_KEY_FILE);
  }

  key(): Buffer {
    this.cached ??= this.read() ?? this.create();
    return this.cached;
  }

  private read(): Buffer | undefined {
    let sealed: Buffer;
    try {
      sealed = readFileSync(this.file);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    }
    let key: Buffer;
    try {
      key = Buffer.from(this.safeStorage.decryptString(sealed), 'base64');
    } catch (error) {
      throw operationalError(
        'KEY_UNAVAILABLE',
        `The system keychain could not unlock ${this.file}; saved credentials cannot be used until it can (or delete the file and save them again).`,
        { path: this.file },
        error,
      );
    }
    if (key.length !== KEY_BYTES) throw damagedKey(this.file);
    return key;
  }

  private create(): Buffer {
    const sealed = this.safeStorage.encryptString(randomBytes(KEY_BYTES).toString('base64'));
    publishOnce(this.file, sealed);
    return this.read()!;
  }
}

/** Writes a private file under a temporary name and links it into place only if none exists. */
function publishOnce(file: string, content: string | Buffer) {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, content, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
}

function checkPrivate(file: string) {
  if (process.platform === 'win32') return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  throw operationalError(
    'KEY_FILE_EXPOSED',
    `The key file ${file} can be read by other users (mode ${mode.toString(8)}), so the credentials it protects may be known. Run "chmod 600 ${file}" and replace the saved credentials.`,
    { path: file },
  );
}

function damagedKey(file: string) {
  return operationalError(
    'KEY_DAMAGED',
    `The key file ${file} does not hold a ${KEY_BYTES}-byte key; saved credentials cannot be decrypted. Delete it and save the credentials again.`,
    { path: file },
  );
}
