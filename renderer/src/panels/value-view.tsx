import type { ArtifactRef } from '../../../main/api/types.ts';
import { studioClient } from '../api/studio-client.ts';
import { JsonTree } from './json-tree.tsx';

/**
 * A port's value as a person wants to see it: media in a player, text as text, anything
 * structured as a tree. `streaming` is text still arriving.
 */
export function ValueView({ value, streaming }: { value: unknown; streaming?: string }) {
  if (streaming !== undefined && value === undefined) {
    return (
      <pre className="value-text streaming" aria-live="polite">
        {streaming}
        <span className="caret" />
      </pre>
    );
  }
  if (isArtifact(value)) return <ArtifactView artifact={value} />;
  if (typeof value === 'string') return <pre className="value-text">{value}</pre>;
  if (value === undefined) return <p className="muted">No value.</p>;
  if (value === null || typeof value !== 'object')
    return <code className="value-scalar">{String(value)}</code>;
  if (isTelegramMessage(value)) {
    return (
      <div className="value-telegram">
        <span className="muted">Telegram chat {String(value.chatId)}</span>
        {typeof value.text === 'string' ? <pre className="value-text">{value.text}</pre> : null}
        <JsonTree value={value} />
      </div>
    );
  }
  return <JsonTree value={value} />;
}

function ArtifactView({ artifact }: { artifact: ArtifactRef }) {
  const client = studioClient();
  const source = client.artifactUrl(artifact);
  const type = artifact.mediaType;
  const caption = (
    <div className="artifact-caption">
      <span>
        {artifact.name ?? artifact.sha256.slice(0, 12)} · {type} · {formatBytes(artifact.bytes)}
      </span>
      <a href={client.artifactUrl(artifact, true)} download={artifact.name ?? true}>
        Download
      </a>
    </div>
  );

  if (type.startsWith('video/')) {
    return (
      <figure className="artifact">
        <video controls preload="metadata" src={source} data-sha256={artifact.sha256} />
        {caption}
      </figure>
    );
  }
  if (type.startsWith('audio/')) {
    return (
      <figure className="artifact">
        <audio controls preload="metadata" src={source} data-sha256={artifact.sha256} />
        {caption}
      </figure>
    );
  }
  if (type.startsWith('image/')) {
    return (
      <figure className="artifact">
        <img src={source} alt={artifact.name ?? 'image output'} />
        {caption}
      </figure>
    );
  }
  return <figure className="artifact">{caption}</figure>;
}

export function isArtifact(value: unknown): value is ArtifactRef {
  if (!value || typeof value !== 'object') return false;
  const ref = value as Partial<ArtifactRef>;
  return (
    ref.kind === 'artifact' && typeof ref.sha256 === 'string' && typeof ref.mediaType === 'string'
  );
}

function isTelegramMessage(value: object): value is { chatId: unknown; text?: unknown } {
  return 'chatId' in value;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
