import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { artifactFolder, dataFolder } from '../../main/data-folder.ts';

const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;

function onPlatform(name: NodeJS.Platform) {
  Object.defineProperty(process, 'platform', { ...platform, value: name });
}

afterEach(() => Object.defineProperty(process, 'platform', platform));

describe('the data folder', () => {
  it('is PIPEWRIGHT_HOME when set, made absolute', () => {
    expect(dataFolder({ PIPEWRIGHT_HOME: '/srv/pipewright' })).toBe('/srv/pipewright');
    expect(dataFolder({ PIPEWRIGHT_HOME: 'studio-data' })).toBe(resolve('studio-data'));
    expect(artifactFolder('/srv/pipewright')).toBe(join('/srv/pipewright', 'artifacts'));
  });

  it("is the platform's usual place for application data otherwise", () => {
    onPlatform('linux');
    expect(dataFolder({})).toBe(join(homedir(), '.local', 'share', 'pipewright'));
    expect(dataFolder({ XDG_DATA_HOME: '/data', PIPEWRIGHT_HOME: '' })).toBe('/data/pipewright');
    onPlatform('darwin');
    expect(dataFolder({})).toBe(join(homedir(), 'Library', 'Application Support', 'Pipewright'));
    onPlatform('win32');
    expect(dataFolder({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' })).toBe(
      join('C:\\Users\\ada\\AppData\\Roaming', 'Pipewright'),
    );
  });
});
