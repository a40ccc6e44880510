import type { Readable } from 'node:stream';

/**
 * The media types the studio serves an artifact as. Anything that a browser could run as a page
 * (HTML, SVG, XML) is left out: an artifact may hold whatever an HTTP node fetched.
 */
const SERVABLE =
  /^(image\/(png|jpeg|gif|webp|avif)|audio\/[\w.+-]+|video\/[\w.+-]+|text\/plain|application\/(json|pdf|octet-stream))$/;

/** The requested media type when it is safe to serve as, else undefined. */
export function mediaTypeToServe(requested: string | undefined): string | undefined {
  const type = requested?.split(';')[0]?.trim().toLowerCase();
  return type && SERVABLE.test(type) ? type : undefined;
}

const SIGNATURES: { type: string; test: (head: Buffer) => boolean }[] = [
  {
    type: 'image/png',
    test: (h) => h.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
  },
  { type: 'image/jpeg', test: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  { type: 'image/gif', test: (h) => h.subarray(0, 4).toString('latin1') === 'GIF8' },
  { type: 'image/webp', test: (h) => riff(h, 'WEBP') },
  { type: 'audio/wav', test: (h) => riff(h, 'WAVE') },
  { type: 'audio/ogg', test: (h) => h.subarray(0, 4).toString('latin1') === 'OggS' },
  {
    type: 'audio/mpeg',
    test: (h) =>
      h.subarray(0, 3).toString('latin1') === 'ID3' ||
      (h[0] === 0xff && ((h[1] ?? 0) & 0xe0) === 0xe0),
  },
  { type: 'video/mp4', test: (h) => h.subarray(4, 8).toString('latin1') === 'ftyp' },
  {
    type: 'video/webm',
    test: (h) => h.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])),
  },
];

/** Guesses a media type from the first bytes, for links that did not say which type they want. */
export async function sniffMediaType(head: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of head) chunks.push(Buffer.from(chunk as Uint8Array));
  const bytes = Buffer.concat(chunks);
  return SIGNATURES.find((signature) => signature.test(bytes))?.type ?? 'application/octet-stream';
}

function riff(head: Buffer, form: string): boolean {
  return (
    head.subarray(0, 4).toString('latin1') === 'RIFF' &&
    head.subarray(8, 12).toString('latin1') === form
  );
}
