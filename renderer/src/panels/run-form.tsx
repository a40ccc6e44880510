import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { studioClient } from '../api/studio-client.ts';
import { useCatalogue } from '../store/catalogue-store.ts';
import { useGraph } from '../store/graph-store.ts';
import { controlRun, startRun } from '../store/run-actions.ts';
import {
  draftValues,
  inputFieldsOf,
  missingInputs,
  runInputs,
  useRunDraft,
} from '../store/run-inputs.ts';
import type { InputField } from '../store/run-inputs.ts';
import { useUi } from '../store/ui-store.ts';
import { selectLive, useRun } from '../store/run-store.ts';
import { reportFailure } from '../store/workflow-actions.ts';
import { ValueView } from './value-view.tsx';

const MEDIA = ['image', 'audio', 'video', 'file'];

/** The form a run starts from, built from the Input node's fields, with run controls. */
export function RunForm() {
  const fields = useInputFields();
  const live = useRun(selectLive);
  const paused = useRun((state) => state.state === 'paused');
  // The values outlive the form, which unmounts whenever another tab is shown (a run itself
  // switches to the inspector): typing them all again would be a chore.
  const loadId = useGraph((state) => state.loadId);
  const seed = useRun((state) => state.inputs);
  const values = useRunDraft((state) => draftValues(state.draft, loadId, seed));
  const missing = useUi((state) => state.missingInputs);
  const set = (name: string, value: unknown) => {
    useRunDraft.getState().give(loadId, seed, name, value);
    if (value !== undefined && value !== '') useUi.getState().inputGiven(name);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const needed = missingInputs(fields, values);
    if (needed.length > 0) return useUi.getState().askForInputs(needed);
    void startRun({ inputs: runInputs(fields, values) });
  };

  return (
    <form className="panel-body run-form" onSubmit={submit} aria-label="Run">
      <h2>Run</h2>
      {fields.length === 0 ? (
        <p className="muted">This pipeline takes no inputs. Add an Input node to give it some.</p>
      ) : null}
      {fields.map((field) => (
        <RunField
          key={field.name}
          field={field}
          value={values[field.name]}
          missing={missing.includes(field.name)}
          onChange={(v) => set(field.name, v)}
        />
      ))}
      <div className="button-row">
        {live ? (
          <>
            <button
              type="button"
              className="danger-button"
              onClick={() => void controlRun('cancel')}
            >
              Stop
            </button>
            {paused ? (
              <>
                <button
                  type="button"
                  className="primary-button"
                  onClick={() => void controlRun('resume')}
                >
                  Continue
                </button>
                <button
                  type="button"
                  className="small-button"
                  onClick={() => void controlRun('step')}
                >
                  Step
                </button>
              </>
            ) : null}
          </>
        ) : (
          <button type="submit" className="primary-button" data-action="run">
            Run pipeline
          </button>
        )}
      </div>
      <RunOutputs />
    </form>
  );
}

function RunField({
  field,
  value,
  missing,
  onChange,
}: {
  field: InputField;
  value: unknown;
  missing: boolean;
  onChange(v: unknown): void;
}) {
  const id = `run-input-${field.name}`;
  const type = field.type ?? 'text';
  const shown = value ?? field.default ?? '';
  const placeholder = field.example === undefined ? '' : String(field.example);
  let control;
  if (field.enum) {
    control = (
      <select id={id} value={String(shown)} onChange={(event) => onChange(event.target.value)}>
        {field.required === false ? <option value="" /> : null}
        {field.enum.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    );
  } else if (type === 'boolean') {
    control = (
      <input
        id={id}
        type="checkbox"
        checked={shown === true}
        onChange={(event) => onChange(event.target.checked)}
      />
    );
  } else if (type === 'number') {
    control = (
      <input
        id={id}
        type="number"
        value={String(shown)}
        placeholder={placeholder}
        onChange={(event) =>
          onChange(event.target.value === '' ? undefined : Number(event.target.value))
        }
      />
    );
  } else if (MEDIA.includes(type)) {
    control = <MediaInput id={id} type={type} onChange={onChange} />;
  } else {
    const text = typeof shown === 'string' ? shown : JSON.stringify(shown);
    control = (
      <textarea
        id={id}
        rows={type === 'json' ? 4 : 2}
        value={text}
        placeholder={placeholder}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }
  return (
    <div className={missing ? 'field invalid' : 'field'} data-missing={missing || undefined}>
      <label htmlFor={id} className="field-label">
        {field.name}
        {field.required !== false ? <span className="field-required">*</span> : null}
        <span className="muted"> {type}</span>
      </label>
      {control}
      {missing ? (
        <span className="field-error" role="alert">
          Needed to run: give it a value.
        </span>
      ) : null}
      {field.description ? <span className="field-hint">{field.description}</span> : null}
    </div>
  );
}

function MediaInput({
  id,
  type,
  onChange,
}: {
  id: string;
  type: string;
  onChange(v: unknown): void;
}) {
  const [state, setState] = useState('');
  return (
    <>
      <input
        id={id}
        type="file"
        accept={type === 'file' ? undefined : `${type}/*`}
        onChange={async (event) => {
          const file = event.target.files?.[0];
          if (!file) return onChange(undefined);
          setState('Uploading…');
          try {
            onChange(await studioClient().upload(file, file.name));
            setState(`Uploaded ${file.name}`);
          } catch (error) {
            setState('');
            reportFailure(`${file.name} was not uploaded`, error);
          }
        }}
      />
      {state ? <span className="field-hint">{state}</span> : null}
    </>
  );
}

function RunOutputs() {
  const outputs = useRun((state) => state.outputs);
  const error = useRun((state) => state.error);
  if (error)
    return (
      <p className="problem-text" role="alert">
        {error.message}
      </p>
    );
  if (!outputs || Object.keys(outputs).length === 0) return null;
  return (
    <section className="run-outputs">
      <h3>Outputs</h3>
      {Object.entries(outputs).map(([name, value]) => (
        <div key={name} className="port-value" data-output={name}>
          <h4>{name}</h4>
          <ValueView value={value} />
        </div>
      ))}
    </section>
  );
}

/** The fields of every Input node in the graph, in node order. */
function useInputFields(): InputField[] {
  const kinds = useCatalogue((state) => state.kinds);
  // Selected as text so that dragging a node (a new nodes array) does not re-render the form.
  const text = useGraph((state) => JSON.stringify(inputFieldsOf(state.nodes, kinds)));
  return useMemo(() => JSON.parse(text) as InputField[], [text]);
}
