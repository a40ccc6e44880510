/** The kinds of value that travel along an edge. */
export const PORT_TYPES = [
  'text',
  'number',
  'boolean',
  'json',
  'image',
  'audio',
  'video',
  'file',
  'telegram-message',
  'any',
] as const;

export type PortType = (typeof PORT_TYPES)[number];

export const MEDIA_PORT_TYPES: readonly PortType[] = ['image', 'audio', 'video', 'file'];

export function isPortType(value: unknown): value is PortType {
  return typeof value === 'string' && (PORT_TYPES as readonly string[]).includes(value);
}

export function isMediaPortType(type: PortType): boolean {
  return MEDIA_PORT_TYPES.includes(type);
}

/**
 * Which output types each input type accepts, beyond its own type. A `file` input takes any
 * medium; `json` and `text` inputs take scalars (text gets their printed form). Media never
 * convert to text: an audio output plugged into a text input is a mistake worth stopping.
 */
const ACCEPTS: Record<PortType, readonly PortType[]> = {
  text: ['number', 'boolean'],
  number: [],
  boolean: [],
  json: ['text', 'number', 'boolean', 'telegram-message'],
  image: [],
  audio: [],
  video: [],
  file: ['image', 'audio', 'video'],
  'telegram-message': [],
  any: [...PORT_TYPES],
};

export type Compatibility = { ok: true } | { ok: false; reason: string };

export function canConnect(from: PortType, to: PortType): Compatibility {
  if (from === to || from === 'any' || ACCEPTS[to].includes(from)) return { ok: true };
  return {
    ok: false,
    reason: `${article(from)} ${from} output cannot feed ${article(to)} ${to} input`,
  };
}

function article(type: PortType): string {
  return /^[aeiou]/.test(type) ? 'an' : 'a';
}

/** Colours the studio draws each port type in; kept here so every view agrees. */
export const PORT_COLOURS: Record<PortType, string> = {
  text: '#4f8cff',
  number: '#f5a524',
  boolean: '#c084fc',
  json: '#22c55e',
  image: '#ec4899',
  audio: '#14b8a6',
  video: '#ef4444',
  file: '#94a3b8',
  'telegram-message': '#38bdf8',
  any: '#e5e7eb',
};
