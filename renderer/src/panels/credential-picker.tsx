import { useState } from 'react';
import type { FormEvent } from 'react';
import type { CredentialSpec } from '../../../engine/define-node.ts';
import { studioClient } from '../api/studio-client.ts';
import { reportFailure } from '../store/workflow-actions.ts';
import { useWorkspace } from '../store/workspace-store.ts';

interface CredentialPickerProps {
  spec: CredentialSpec;
  value: string | undefined;
  onChange(name: string | undefined): void;
}

const ADD_NEW = '\u0000new';

/**
 * Picks the saved credential a node uses, or none (the environment variable then applies).
 * A new one can be added on the spot; its secret goes to the store and never comes back.
 */
export function CredentialPicker({ spec, value, onChange }: CredentialPickerProps) {
  const credentials = useWorkspace((state) => state.credentials);
  const [adding, setAdding] = useState(false);
  // Credentials are not tagged with the service they are for, so every saved one is offered.
  const suitable = credentials;
  const id = `credential-${spec.id}`;

  return (
    <div className="field credential-picker" data-credential={spec.id}>
      <label htmlFor={id} className="field-label">
        {spec.title}
      </label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(event) => {
          if (event.target.value === ADD_NEW) return setAdding(true);
          onChange(event.target.value || undefined);
        }}
      >
        <option value="">From the environment ({spec.env})</option>
        {suitable.map((entry) => (
          <option key={entry.name} value={entry.name}>
            {entry.name}
            {entry.baseUrl ? ` · ${entry.baseUrl}` : ''}
          </option>
        ))}
        {value && !suitable.some((entry) => entry.name === value) ? (
          <option value={value}>{value} (not saved on this machine)</option>
        ) : null}
        <option value={ADD_NEW}>Add a credential…</option>
      </select>
      {adding ? (
        <NewCredential
          spec={spec}
          onDone={(name) => {
            setAdding(false);
            if (name) onChange(name);
          }}
        />
      ) : null}
    </div>
  );
}

function NewCredential({ spec, onDone }: { spec: CredentialSpec; onDone(name?: string): void }) {
  const [name, setName] = useState(spec.id);
  const [secret, setSecret] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [busy, setBusy] = useState(false);
  // The API replaces a credential saved under the same name; the user must see that coming.
  const replaces = useWorkspace((state) =>
    state.credentials.some((entry) => entry.name === name.trim()),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim() || !secret) return;
    setBusy(true);
    try {
      await studioClient().call(
        'PUT /api/credentials/:name',
        { name: name.trim() },
        { secret, ...(baseUrl ? { baseUrl } : {}) },
      );
      await useWorkspace.getState().refreshCredentials();
      onDone(name.trim());
    } catch (error) {
      reportFailure('The credential was not saved', error);
      setBusy(false);
    }
  };

  return (
    <form className="new-credential" onSubmit={submit}>
      <label>
        Name
        <input value={name} onChange={(event) => setName(event.target.value)} required />
      </label>
      <label>
        Secret
        <input
          type="password"
          value={secret}
          autoComplete="off"
          onChange={(event) => setSecret(event.target.value)}
          required
        />
      </label>
      {spec.baseUrlEnv ? (
        <label>
          Base URL (optional)
          <input
            value={baseUrl}
            placeholder={`Else ${spec.baseUrlEnv} or the service's own`}
            onChange={(event) => setBaseUrl(event.target.value)}
          />
        </label>
      ) : null}
      {replaces ? (
        <p className="field-error" role="alert">
          A credential named “{name.trim()}” is saved already: saving replaces its secret for every
          node that uses it.
        </p>
      ) : null}
      <p className="muted">Kept encrypted on this machine; never written into the workflow.</p>
      <div className="form-buttons">
        <button type="submit" className="primary-button" disabled={busy}>
          {replaces ? 'Replace credential' : 'Save credential'}
        </button>
        <button type="button" className="small-button" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
