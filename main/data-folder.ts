import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The folder that holds the database, the artifacts and the key file: `PIPEWRIGHT_HOME` when
 * set, else the platform's usual place for application data. A relative `PIPEWRIGHT_HOME` is
 * made absolute once, here, so that the paths the store hands out (artifact files shown by
 * `pipewright runs show`) stay right whatever folder they are read from.
 */
export function dataFolder(env: Record<string, string | undefined> = process.env): string {
  if (env.PIPEWRIGHT_HOME) return resolve(env.PIPEWRIGHT_HOME);
  if (process.platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'Pipewright');
  if (process.platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Pipewright');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'pipewright');
}

export function artifactFolder(home: string): string {
  return join(home, 'artifacts');
}
