import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkflowDocument } from '../../engine/workflow.ts';
import type { SampleSummary } from './types.ts';

/**
 * The sample pipelines shipped in workflows/, offered as templates. Files are read on each call:
 * there are few, and a sample edited on disk shows up without restarting the studio.
 */
export class SampleLibrary {
  constructor(private readonly folder: string | undefined) {}

  async list(): Promise<SampleSummary[]> {
    const samples = await this.readAll();
    return samples.map((document) => {
      const summary: SampleSummary = {
        id: document.id,
        name: document.name,
        nodeCount: document.nodes.length,
      };
      if (document.description) summary.description = document.description;
      return summary;
    });
  }

  async get(id: string): Promise<WorkflowDocument | undefined> {
    const samples = await this.readAll();
    return samples.find((document) => document.id === id);
  }

  /** Files that are not workflow documents are passed over: the folder is ours, not the user's. */
  private async readAll(): Promise<WorkflowDocument[]> {
    if (!this.folder) return [];
    const names = await readdir(this.folder).catch(() => [] as string[]);
    const documents: WorkflowDocument[] = [];
    for (const name of names.filter((file) => file.endsWith('.json')).sort()) {
      const text = await readFile(join(this.folder, name), 'utf8');
      const parsed = parseDocument(text);
      if (parsed) documents.push(parsed);
    }
    return documents;
  }
}

function parseDocument(text: string): WorkflowDocument | undefined {
  try {
    const value = JSON.parse(text) as Partial<WorkflowDocument>;
    const usable = typeof value.id === 'string' && Array.isArray(value.nodes);
    return usable ? (value as WorkflowDocument) : undefined;
  } catch {
    return undefined;
  }
}
