import { useMemo } from 'react';
import type { Problem } from '../../../main/api/types.ts';
import { useCatalogue } from '../store/catalogue-store.ts';
import { useGraph } from '../store/graph-store.ts';
import type { NodeRef } from '../store/graph-types.ts';
import { useProblems } from '../store/problems-store.ts';
import { CredentialPicker } from './credential-picker.tsx';
import type { Schema } from './json-schema.ts';
import { SchemaForm } from './schema-form.tsx';

const NO_PROBLEMS: Problem[] = [];

/** The selected node's settings, generated from its kind's JSON Schema. */
export function SettingsPanel({ node }: { node: NodeRef }) {
  const kind = useCatalogue((state) => state.kinds[node.data.kind]);
  const serverProblems = useProblems((state) => state.byNode[node.id]) ?? NO_PROBLEMS;
  const portProblems = useCatalogue((state) => state.settingsProblems[node.id]) ?? NO_PROBLEMS;
  const byField = useMemo(
    () => fieldMessages([...serverProblems, ...portProblems]),
    [serverProblems, portProblems],
  );
  const update = useGraph((state) => state.updateNode);

  if (!kind) {
    return (
      <div className="panel-body">
        <p className="problem-text">
          This node's kind "{node.data.kind}" is not in this studio's catalogue; it cannot be edited
          or run here.
        </p>
      </div>
    );
  }

  const unplaced = serverProblems.filter(
    (problem) => problem.code !== 'INVALID_SETTINGS' || !problem.field,
  );
  return (
    <div className="panel-body settings-panel" data-node={node.id}>
      <header className="panel-heading">
        <h2>{kind.title}</h2>
        <p className="muted">{kind.description}</p>
      </header>
      <div className="field">
        <label htmlFor="node-title" className="field-label">
          Title
        </label>
        <input
          id="node-title"
          key={`${node.id}-${node.data.title ?? ''}`}
          defaultValue={node.data.title ?? ''}
          placeholder={kind.title}
          onBlur={(event) => {
            const title = event.target.value.trim() || undefined;
            if (title !== node.data.title) update(node.id, { title });
          }}
        />
        <span className="field-hint">Id in the file: {node.id}</span>
      </div>
      {unplaced.length > 0 ? (
        <ul className="problem-list">
          {unplaced.map((problem, index) => (
            <li key={index}>{problem.message}</li>
          ))}
        </ul>
      ) : null}
      <SchemaForm
        key={node.id}
        idPrefix={`setting-${node.id}`}
        schema={kind.settingsSchema as Schema}
        value={node.data.settings}
        problems={byField}
        onChange={(settings) => update(node.id, { settings })}
      />
      {kind.credentials.map((spec) => (
        <CredentialPicker
          key={spec.id}
          spec={spec}
          value={node.data.credentials?.[spec.id]}
          onChange={(name) => {
            const credentials = { ...node.data.credentials };
            if (name) credentials[spec.id] = name;
            else delete credentials[spec.id];
            update(node.id, { credentials });
          }}
        />
      ))}
      <label className="field field-boolean inline">
        <input
          type="checkbox"
          checked={Boolean(node.data.breakpoint)}
          onChange={(event) => update(node.id, { breakpoint: event.target.checked || undefined })}
        />
        Pause before this node (breakpoint)
      </label>
    </div>
  );
}

function fieldMessages(problems: readonly Problem[]): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const problem of problems) {
    if (problem.code !== 'INVALID_SETTINGS' || !problem.field) continue;
    messages[problem.field] ??= problem.message;
  }
  return messages;
}
