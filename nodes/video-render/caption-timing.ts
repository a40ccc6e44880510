import { userError } from '../../engine/index.ts';
import type { JsonSchema } from '../../engine/index.ts';
import type { Pause } from './narration-pauses.ts';

/** One caption on screen, in seconds from the start of the video. */
export interface Cue {
  start: number;
  end: number;
  text: string;
}

/** A stretch of narration and the caption shown while it is spoken. */
interface Segment {
  caption: string;
  /** How long the stretch is spoken, relative to the others: its length in characters. */
  weight: number;
}

/** The shape of a script from the LLM script node, as far as captions need it. */
export const SCRIPT_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    scenes: {
      type: 'array',
      items: {
        type: 'object',
        properties: { narration: { type: 'string' }, caption: { type: 'string' } },
      },
    },
  },
  required: ['scenes'],
};

/** Seconds of distance from the expected time that one second of quiet makes up for. */
const PAUSE_PREFERENCE = 2;
/** A pause counts up to this long: a long trailing silence must not outweigh every other one. */
const LONGEST_PAUSE_SECONDS = 1;

/**
 * Captions timed to the narration. Each scene (or, for plain text, each sentence) gets a share of
 * the duration in proportion to how much of the narration it is; then each change from one to
 * the next moves to the pause in the narration that best explains it, since a voice stops for
 * breath between sentences and scenes but speaks unevenly in between. A change with no pause
 * near it stays where the share put it. Captions longer than `maxChars` are split at word
 * boundaries into parts that share their scene's time in proportion to their length.
 */
export function timeCaptions(
  segments: Segment[],
  duration: number,
  maxChars: number,
  pauses: Pause[] = [],
): Cue[] {
  const total = segments.reduce((sum, segment) => sum + segment.weight, 0);
  if (total === 0) return [];

  const shares = segments.map((segment) => (segment.weight / total) * duration);
  const bounds = segmentBounds(shares, pauses, duration);
  return segments.flatMap((segment, index) =>
    spread(splitSegment(segment, maxChars), bounds[index]!, bounds[index + 1]!),
  );
}

/**
 * Where each segment begins and the last one ends. A change may move at most half the shorter
 * of its two segments, which keeps the changes in order: no two reach for the same pause.
 */
function segmentBounds(shares: number[], pauses: Pause[], duration: number): number[] {
  const bounds = [0];
  let expected = 0;
  for (let index = 0; index < shares.length - 1; index += 1) {
    expected += shares[index]!;
    const reach = Math.min(shares[index]!, shares[index + 1]!) / 2;
    bounds.push(bestPause(pauses, expected, reach, bounds.at(-1)!) ?? expected);
  }
  bounds.push(duration);
  return bounds;
}

/** The middle of the pause that best fits a change expected at `expected`, if one is in reach. */
function bestPause(
  pauses: Pause[],
  expected: number,
  reach: number,
  after: number,
): number | undefined {
  let best: { at: number; cost: number } | undefined;
  for (const pause of pauses) {
    const at = (pause.start + pause.end) / 2;
    const distance = Math.abs(at - expected);
    if (at <= after || distance > reach) continue;
    const length = Math.min(pause.end - pause.start, LONGEST_PAUSE_SECONDS);
    const cost = distance - PAUSE_PREFERENCE * length;
    if (!best || cost < best.cost) best = { at, cost };
  }
  return best?.at;
}

/** The parts of one segment, each on screen for its share of the segment's time. */
function spread(parts: Segment[], start: number, end: number): Cue[] {
  const total = parts.reduce((sum, part) => sum + part.weight, 0);
  if (total === 0) return [];

  const cues: Cue[] = [];
  let spoken = 0;
  for (const part of parts) {
    const from = start + (spoken / total) * (end - start);
    spoken += part.weight;
    const to = start + (spoken / total) * (end - start);
    if (part.caption) cues.push({ start: from, end: to, text: part.caption });
  }
  return cues;
}

/**
 * The segments of a node's caption inputs: a script's scenes when there is a script, else the
 * sentences of the plain text. A script given as a string is read as plain text.
 */
export function captionSegments(
  script: unknown,
  text: unknown,
  where: { nodeId: string; title: string },
): Segment[] {
  if (typeof script === 'string') return sentences(script);
  if (script !== undefined && script !== null) return scriptScenes(script, where);
  if (typeof text === 'string') return sentences(text);
  return [];
}

function scriptScenes(script: unknown, where: { nodeId: string; title: string }): Segment[] {
  const invalid = (path: string, what: string) =>
    userError(
      'SCRIPT_INVALID',
      `Node "${where.nodeId}" (${where.title}): the script input ${what}; a script is { title, scenes: [{ narration, caption }] }.`,
      { nodeId: where.nodeId, field: 'script', path },
    );
  const scenes = (script as { scenes?: unknown }).scenes;
  if (typeof script !== 'object' || !Array.isArray(scenes))
    throw invalid('scenes', 'has no list of scenes');

  return scenes.map((scene: unknown, index) => {
    const path = `scenes[${index}]`;
    if (!scene || typeof scene !== 'object')
      throw invalid(path, `has a scene ${path} that is not an object`);
    const { narration, caption } = scene as { narration?: unknown; caption?: unknown };
    const spoken = typeof narration === 'string' ? oneLine(narration) : '';
    const shown = typeof caption === 'string' ? oneLine(caption) : spoken;
    if (!spoken && !shown)
      throw invalid(path, `has a scene ${path} with neither narration nor caption`);
    return { caption: shown, weight: (spoken || shown).length };
  });
}

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

function sentences(text: string): Segment[] {
  const found: Segment[] = [];
  for (const { segment } of sentenceSegmenter.segment(text)) {
    const sentence = oneLine(segment);
    if (sentence) found.push({ caption: sentence, weight: sentence.length });
  }
  return found;
}

function splitSegment(segment: Segment, maxChars: number): Segment[] {
  if (segment.caption.length <= maxChars) return [segment];

  const parts: string[] = [];
  let current = '';
  for (const word of segment.caption.split(' ')) {
    if (current && current.length + 1 + word.length > maxChars) {
      parts.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) parts.push(current);

  const partsLength = parts.reduce((sum, part) => sum + part.length, 0);
  return parts.map((part) => ({
    caption: part,
    weight: (segment.weight * part.length) / partsLength,
  }));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
