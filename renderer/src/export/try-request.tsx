import type { FormEvent } from 'react';
import type { ArtifactRef, ExportPreviewResponse } from '../../../main/api/types.ts';
import { JsonTree } from '../panels/json-tree.tsx';
import type { Schema } from '../panels/json-schema.ts';
import { SchemaForm } from '../panels/schema-form.tsx';
import { ValueView } from '../panels/value-view.tsx';
import { sendTryRequest } from '../store/export-actions.ts';
import { useExport } from '../store/export-store.ts';

/**
 * Serve and try: a request built from the contract's request schema, sent to the pipeline's
 * service running locally, and its answer as a caller would get it.
 */
export function TryRequest({ preview }: { preview: ExportPreviewResponse }) {
  const body = useExport((state) => state.tryBody);
  const trying = useExport((state) => state.trying);
  const answer = useExport((state) => state.tryAnswer);
  const set = useExport((state) => state.set);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void sendTryRequest();
  };

  return (
    <div className="try-request">
      <form onSubmit={submit} aria-label="Request">
        <p className="muted">
          POST /run on a local copy of the service, started on 127.0.0.1 with the keys of the
          studio's environment. Media inputs take a URL the service can fetch.
        </p>
        <SchemaForm
          schema={preview.requestSchema as Schema}
          value={body}
          onChange={(next) => set({ tryBody: next })}
          idPrefix="try"
        />
        <button type="submit" className="primary-button" disabled={trying}>
          {trying ? 'Waiting for the service…' : 'Send request'}
        </button>
      </form>

      {answer ? (
        <section className="try-answer" aria-label="Response">
          <p>
            <span className={answer.status < 400 ? 'http-status ok' : 'http-status failed'}>
              {answer.status}
            </span>{' '}
            <code>{answer.contentType.split(';')[0]}</code>
            <span className="muted">
              {' '}
              · {answer.durationMs} ms · {answer.request.method} {answer.request.url}
            </span>
          </p>
          <AnswerBody body={answer.body} ok={answer.status < 400} />
        </section>
      ) : null}
    </div>
  );
}

/** Outputs one by one (media in players), a problem as a tree. */
function AnswerBody({ body, ok }: { body: unknown; ok: boolean }) {
  if (!ok || !body || typeof body !== 'object' || Array.isArray(body)) {
    return <JsonTree value={body} />;
  }
  return (
    <div className="try-outputs">
      {Object.entries(body as Record<string, unknown>).map(([name, value]) => (
        <div key={name} className="try-output" data-output={name}>
          <h4>{name}</h4>
          <ValueView value={asStudioArtifact(value) ?? value} />
        </div>
      ))}
    </div>
  );
}

/**
 * A media output of the service (`{ url, mediaType, bytes, sha256 }`) as a studio artifact: the
 * local service writes into the studio's data folder, so the studio plays it from its own route.
 */
function asStudioArtifact(value: unknown): ArtifactRef | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const media = value as Partial<Record<'url' | 'mediaType' | 'sha256' | 'name', string>> & {
    bytes?: number;
  };
  if (!media.url || !media.mediaType || !media.sha256 || typeof media.bytes !== 'number') {
    return undefined;
  }
  const ref: ArtifactRef = {
    kind: 'artifact',
    id: media.sha256,
    sha256: media.sha256,
    mediaType: media.mediaType,
    bytes: media.bytes,
  };
  if (media.name) ref.name = media.name;
  return ref;
}
