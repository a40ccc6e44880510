import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkVersion, diffContracts } from '../contract/diff.ts';
import type { ContractChange, VersionCheck } from '../contract/diff.ts';
import { serializeContract } from '../contract/generate.ts';
import type { OpenApiDocument } from '../contract/generate.ts';

/** What the last export of the same line said, and whether the new contract may follow it. */
export interface HistoryVerdict {
  /** The recorded version compared against; absent on a pipeline's first export. */
  previous?: string;
  changes: ContractChange[];
  check?: VersionCheck;
  /** Whether the export must stop (unless the user allows breaking changes). */
  refused: boolean;
}

/**
 * Every exported contract, kept as `contracts/<workflow-id>/<version>.json` in the data folder
 * (PIPEWRIGHT_HOME), so that the history needs no database and survives a fresh studio store.
 */
export class ContractHistory {
  constructor(private readonly home: string) {}

  folderOf(workflowId: string): string {
    return join(this.home, 'contracts', workflowId);
  }

  async versions(workflowId: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.folderOf(workflowId));
    } catch {
      return [];
    }
    return names
      .filter((name) => /^\d+\.\d+\.\d+\.json$/.test(name))
      .map((name) => name.slice(0, -'.json'.length))
      .sort(compareVersions);
  }

  async read(workflowId: string, version: string): Promise<OpenApiDocument> {
    const text = await readFile(join(this.folderOf(workflowId), `${version}.json`), 'utf8');
    return JSON.parse(text) as OpenApiDocument;
  }

  /**
   * Compares a new contract with the latest recorded version not above its own (a re-export
   * of the same version compares with what that version said before). Breaking changes need a
   * major step and additions a minor one; wording alone never stops an export.
   */
  async judge(
    workflowId: string,
    version: string,
    contract: OpenApiDocument,
  ): Promise<HistoryVerdict> {
    const earlier = (await this.versions(workflowId)).filter(
      (recorded) => compareVersions(recorded, version) <= 0,
    );
    const previous = earlier.at(-1);
    if (!previous) return { changes: [], refused: false };

    const changes = diffContracts(await this.read(workflowId, previous), contract);
    const check = checkVersion(previous, version, changes);
    const refused = !check.ok && check.required !== 'patch';
    return { previous, changes, check, refused };
  }

  /** Writes the contract as the record of its version, replacing a previous one atomically. */
  async record(workflowId: string, version: string, contract: OpenApiDocument): Promise<string> {
    const folder = this.folderOf(workflowId);
    await mkdir(folder, { recursive: true });
    const file = join(folder, `${version}.json`);
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, serializeContract(contract));
    await rename(temp, file);
    return file;
  }
}

export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let index = 0; index < 3; index += 1) {
    const step = (left[index] ?? 0) - (right[index] ?? 0);
    if (step !== 0) return step;
  }
  return 0;
}
