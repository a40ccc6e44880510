import type { ExportPreviewResponse } from '../../../main/api/types.ts';

type Field = ExportPreviewResponse['requestFields'][number];

const MEDIA = new Set(['image', 'audio', 'video', 'file']);

/**
 * The contract as a reader scans it: its routes, what a run takes and what it gives back;
 * the OpenAPI document itself folds out below for whoever wants the JSON.
 */
export function ContractOutline({ preview }: { preview: ExportPreviewResponse }) {
  const { contract, operations } = preview;
  return (
    <div className="contract-outline">
      <p className="muted">
        {contract.info.title} {contract.info.version} · OpenAPI {contract.openapi} · errors as
        application/problem+json · runs need a bearer key when PIPEWRIGHT_API_KEY is set
      </p>

      <h3>Routes</h3>
      <table className="contract-table" aria-label="Routes">
        <tbody>
          {operations.map((operation) => (
            <tr key={`${operation.method} ${operation.path}`}>
              <td>
                <span className={`http-method http-${operation.method.toLowerCase()}`}>
                  {operation.method}
                </span>
              </td>
              <td>
                <code>{operation.path}</code>
              </td>
              <td>{operation.summary}</td>
              <td className="muted">
                <code>{operation.operationId}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>Request body</h3>
      <FieldTable fields={preview.requestFields} label="Request fields" empty="Takes no fields." />

      <h3>Outputs</h3>
      <FieldTable fields={preview.responseFields} label="Output fields" empty="Gives no outputs." />

      <details className="contract-json">
        <summary>openapi.json</summary>
        <pre>{JSON.stringify(contract, null, 2)}</pre>
      </details>
    </div>
  );
}

function FieldTable({ fields, label, empty }: { fields: Field[]; label: string; empty: string }) {
  if (fields.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table className="contract-table" aria-label={label}>
      <thead>
        <tr>
          <th>Field</th>
          <th>Type</th>
          <th>Required</th>
          <th>About</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => (
          <tr key={field.name} data-field={field.name}>
            <td>
              <code>{field.name}</code>
            </td>
            <td>
              {field.type}
              {MEDIA.has(field.type) ? <span className="muted"> (URL)</span> : null}
              {field.enum ? <span className="muted"> one of {field.enum.join(', ')}</span> : null}
            </td>
            <td>{field.required ? 'yes' : 'no'}</td>
            <td>
              {field.description ?? ''}
              <span className="muted"> from {field.nodeId}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
