import type { JsonSchema, NodeRegistry } from '../../engine/index.ts';
import { generateContract } from '../contract/generate.ts';
import type { OpenApiDocument } from '../contract/generate.ts';
import { pipelineFields } from '../contract/pipeline-fields.ts';
import type { ContractField } from '../contract/pipeline-fields.ts';
import { RefResolver } from '../contract/ref-resolver.ts';
import { compileForService } from '../runtime/create-service.ts';
import { ContractHistory } from './contract-history.ts';
import type { HistoryVerdict } from './contract-history.ts';

/** One route of the contract as a reader scans it: method, path and what it does. */
export interface ContractOperation {
  method: string;
  path: string;
  operationId: string;
  summary: string;
}

/** What an export would write, before anything is written: the studio's Export panel. */
export interface ExportPreview {
  contract: OpenApiDocument;
  operations: ContractOperation[];
  /** The request body's fields (from the Input nodes) and the outputs' (from the Output nodes). */
  requestFields: ContractField[];
  responseFields: ContractField[];
  /** The request body's schema with every `$ref` expanded, for a form that builds a request. */
  requestSchema: JsonSchema;
  /** Judged against the last export of the same workflow, as `pipewright export` judges it. */
  verdict: HistoryVerdict;
  /** The version the export would need: the document's own when it already covers the changes. */
  proposedVersion: string;
}

/**
 * The contract a document exports to and how it compares with the last exported one. The
 * document is judged as it stands (saved or not), so the panel shows what Export would do.
 */
export async function previewExport(
  document: unknown,
  registry: NodeRegistry,
  home: string,
): Promise<ExportPreview> {
  const workflow = compileForService(document, registry);
  const { id, version } = workflow.document;
  const contract = generateContract(workflow, { apiKey: true });
  const fields = pipelineFields(workflow);
  const verdict = await new ContractHistory(home).judge(id, version, contract);
  const resolver = new RefResolver(contract, 'the contract');

  return {
    contract,
    operations: operationsOf(contract),
    requestFields: fields.inputs,
    responseFields: fields.outputs,
    requestSchema: resolver.expand(contract.components.schemas.RunRequest) as JsonSchema,
    verdict,
    proposedVersion: verdict.check && !verdict.check.ok ? verdict.check.suggested : version,
  };
}

function operationsOf(contract: OpenApiDocument): ContractOperation[] {
  const operations: ContractOperation[] = [];
  for (const [path, methods] of Object.entries(contract.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const operation = raw as { operationId?: string; summary?: string };
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: operation.operationId ?? '',
        summary: operation.summary ?? '',
      });
    }
  }
  return operations;
}
