/** One part of a multipart/form-data body, as the fake received it. */
export interface RecordedPart {
  /** The form field name (`name=` in Content-Disposition). */
  name: string;
  /** Present only for file parts. */
  filename?: string;
  contentType?: string;
  byteLength: number;
  data: Buffer;
}

/** A request body decoded as far as its content type allows. */
export interface ParsedBody {
  raw: Buffer;
  /** The raw body as UTF-8; empty for multipart bodies, whose bytes are in `parts`. */
  text: string;
  /** Set when the content type is JSON and the body parses. */
  json?: unknown;
  /** Text fields of an urlencoded or multipart body. */
  fields: Record<string, string>;
  parts: RecordedPart[];
}

export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  const type = (contentType ?? '').toLowerCase();
  const body: ParsedBody = { raw, text: '', fields: {}, parts: [] };

  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
    body.parts = parseMultipart(raw, boundary?.[1] ?? boundary?.[2] ?? '');
    for (const part of body.parts) {
      if (part.filename === undefined) body.fields[part.name] = part.data.toString('utf8');
    }
    return body;
  }

  body.text = raw.toString('utf8');
  if (type.includes('json') && body.text.length > 0) {
    try {
      body.json = JSON.parse(body.text);
    } catch {
      // A malformed JSON body stays visible as text; the fake answers it with a 400.
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    body.fields = Object.fromEntries(new URLSearchParams(body.text));
  }
  return body;
}

function parseMultipart(raw: Buffer, boundary: string): RecordedPart[] {
  if (boundary === '') return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: RecordedPart[] = [];
  let start = raw.indexOf(delimiter);

  while (start !== -1) {
    const afterDelimiter = start + delimiter.length;
    // `--boundary--` closes the body.
    if (raw.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, afterDelimiter);
    if (next === -1) break;
    // Each part sits between the CRLF after one delimiter and the CRLF before the next.
    const part = parsePart(raw.subarray(afterDelimiter + 2, next - 2));
    if (part) parts.push(part);
    start = next;
  }
  return parts;
}

function parsePart(chunk: Buffer): RecordedPart | undefined {
  const headerEnd = chunk.indexOf('\r\n\r\n');
  if (headerEnd === -1) return undefined;
  const headers = chunk.subarray(0, headerEnd).toString('utf8').split('\r\n');
  const data = chunk.subarray(headerEnd + 4);
  const disposition = headers.find((line) => /^content-disposition:/i.test(line)) ?? '';
  const contentType = headers.find((line) => /^content-type:/i.test(line));
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) return undefined;
  const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];

  return {
    name: decodeHeaderValue(name),
    ...(filename !== undefined ? { filename: decodeHeaderValue(filename) } : {}),
    ...(contentType ? { contentType: contentType.replace(/^content-type:\s*/i, '') } : {}),
    byteLength: data.length,
    data: Buffer.from(data),
  };
}

/** Undo the percent escapes that browsers and undici apply to quotes and line breaks. */
function decodeHeaderValue(value: string): string {
  return value.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}
