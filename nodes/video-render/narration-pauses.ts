import { FFMPEG, runTool } from '../shared/child-process.ts';
import type { ToolCaller } from '../shared/child-process.ts';

/** A stretch of quiet in the narration, in seconds from its start. */
export interface Pause {
  start: number;
  end: number;
}

/**
 * Quieter than this, relative to full scale, counts as a pause. Synthetic voices (ElevenLabs,
 * espeak-ng) fall far below it between sentences; the breath of a recorded voice stays under it.
 */
const NOISE_DB = -40;
/** Shorter quiet is the gap between two words, not a pause between sentences or scenes. */
const MIN_PAUSE_SECONDS = 0.12;

/**
 * The pauses in a narration, found by ffmpeg's silencedetect. The filter's findings are printed
 * as frame metadata to standard output, read line by line, so that a long narration with many
 * pauses is not cut short the way a log kept only by its tail would be.
 */
export async function narrationPauses(path: string, caller: ToolCaller): Promise<Pause[]> {
  const detect = `silencedetect=noise=${NOISE_DB}dB:duration=${MIN_PAUSE_SECONDS}`;
  const args = [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel',
    'error',
    '-i',
    path,
    '-map',
    '0:a:0',
    '-af',
    `${detect},ametadata=mode=print:file=-`,
    '-f',
    'null',
    '-',
  ];
  const lines: string[] = [];
  await runTool({ tool: FFMPEG, args, caller, onStdoutLine: (line) => lines.push(line) });
  return parsePauses(lines);
}

/**
 * Pairs each `lavfi.silence_start` with the `lavfi.silence_end` after it. Quiet that runs to the
 * end of the file has no end and is left out: it follows the last words, so no caption changes
 * there.
 */
export function parsePauses(lines: string[]): Pause[] {
  const pauses: Pause[] = [];
  let start: number | undefined;
  for (const line of lines) {
    const found = /^lavfi\.silence_(start|end)=(-?[\d.]+)$/.exec(line.trim());
    if (!found) continue;
    const at = Math.max(0, Number(found[2]));
    if (found[1] === 'start') start = at;
    else if (start !== undefined) {
      pauses.push({ start, end: at });
      start = undefined;
    }
  }
  return pauses;
}
