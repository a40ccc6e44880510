import type { Cue } from './caption-timing.ts';
import type { RenderSettings } from './render-settings.ts';

/** Numpad-style alignment codes of the ASS format: 2 bottom centre, 5 middle, 8 top. */
const ALIGNMENT = { bottom: 2, middle: 5, top: 8 } as const;

/** Average advance of a glyph in a sans font, as a share of the font size. */
const GLYPH_WIDTH_EM = 0.55;

/**
 * Captions as an ASS subtitle document, which ffmpeg's `ass` filter (libass) burns into the
 * frames. ASS rather than drawtext because libass wraps long lines, outlines the text, and takes
 * a whole timed script in one file, where drawtext needs one filter per caption and escaping of
 * every caption inside the filter graph.
 */
export function assDocument(cues: Cue[], style: RenderSettings): string {
  const styleLine = [
    'Caption',
    style.font.replaceAll(',', ' '),
    style.fontSize,
    assColour(style.captionColour),
    assColour(style.captionColour),
    assColour(style.outlineColour),
    '&H80000000',
    0,
    0,
    0,
    0,
    100,
    100,
    0,
    0,
    1,
    Math.max(1, Math.round(style.fontSize / 16)),
    1,
    ALIGNMENT[style.captionPosition],
    style.captionMargin,
    style.captionMargin,
    style.captionMargin,
    1,
  ].join(',');

  // PlayRes equal to the frame makes font size and margins plain pixels of the video.
  return [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${style.width}`,
    `PlayResY: ${style.height}`,
    'WrapStyle: 0',
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    `Style: ${styleLine}`,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...cues.map(
      (cue) =>
        `Dialogue: 0,${assTime(cue.start)},${assTime(cue.end)},Caption,,0,0,0,,${assText(cue.text)}`,
    ),
    '',
  ].join('\n');
}

/** How many characters fit on one caption line, so that long captions can be split in time. */
export function charsPerLine(style: RenderSettings): number {
  const usable = style.width - 2 * style.captionMargin;
  return Math.max(8, Math.floor(usable / (style.fontSize * GLYPH_WIDTH_EM)));
}

/** `#rrggbb` as ASS writes colours: alpha, blue, green, red. */
function assColour(hex: string): string {
  const red = hex.slice(1, 3);
  const green = hex.slice(3, 5);
  const blue = hex.slice(5, 7);
  return `&H00${blue}${green}${red}`.toUpperCase();
}

function assTime(seconds: number): string {
  const centis = Math.round(seconds * 100);
  const hours = Math.floor(centis / 360_000);
  const minutes = Math.floor(centis / 6000) % 60;
  const secs = Math.floor(centis / 100) % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${hours}:${pad(minutes)}:${pad(secs)}.${pad(centis % 100)}`;
}

/**
 * Caption text as literal ASS text. Braces would open override blocks, so they are escaped;
 * a backslash before N, n or h would break the line or add a space, so an invisible word joiner
 * (U+2060) goes after every backslash to keep it from pairing with the next letter.
 */
function assText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replaceAll('\\', '\\\u2060')
    .replaceAll('{', '\\{')
    .replaceAll('}', '\\}');
}
