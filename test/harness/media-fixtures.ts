import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ArtifactRef, ArtifactStore } from '../../engine/index.ts';
import { probeMedia } from '../../nodes/shared/ffprobe.ts';
import type { MediaInfo } from '../../nodes/shared/ffprobe.ts';

const exec = promisify(execFile);

/**
 * A WAV of a steady tone, so that a render's expected length is known to the millisecond. An
 * ffmpeg audio filter, such as a volume of 0 over a stretch, can shape it.
 */
export async function toneArtifact(
  store: ArtifactStore,
  seconds: number,
  filter?: string,
): Promise<ArtifactRef> {
  const path = await store.scratchPath('wav');
  const tone = `sine=frequency=440:sample_rate=22050:duration=${seconds}`;
  const source = filter ? `${tone},${filter}` : tone;
  await exec('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, path]);
  return store.putFile(path, { mediaType: 'audio/wav', name: 'tone.wav' }, { move: true });
}

/** A PNG of one flat colour (`0xRRGGBB`) at the given size. */
export async function colourImage(
  store: ArtifactStore,
  colour: string,
  width: number,
  height: number,
): Promise<ArtifactRef> {
  const path = await store.scratchPath('png');
  const source = `color=c=${colour}:s=${width}x${height}`;
  await exec('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-frames:v', '1', path]);
  return store.putFile(path, { mediaType: 'image/png', name: 'background.png' }, { move: true });
}

/** ffprobe's view of a file, through the same module the nodes use. */
export function probe(path: string): Promise<MediaInfo> {
  const caller = { nodeId: 'test', title: 'Test', signal: new AbortController().signal, env: {} };
  return probeMedia(path, caller);
}

/** One frame at `seconds`, as raw RGB bytes (3 a pixel, row by row). */
export async function frameAt(path: string, seconds: number): Promise<Buffer> {
  const args = ['-v', 'error', '-ss', String(seconds), '-i', path, '-frames:v', '1'];
  const { stdout } = await exec('ffmpeg', [...args, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** How many pixels of a band of rows (`fromRow` to `toRow`, of `width`) differ from a colour. */
export function pixelsUnlike(
  frame: Buffer,
  width: number,
  rows: [fromRow: number, toRow: number],
  rgb: [number, number, number],
  tolerance = 24,
): number {
  let count = 0;
  for (let offset = rows[0] * width * 3; offset < rows[1] * width * 3; offset += 3) {
    const distance =
      Math.abs(frame[offset]! - rgb[0]) +
      Math.abs(frame[offset + 1]! - rgb[1]) +
      Math.abs(frame[offset + 2]! - rgb[2]);
    if (distance > tolerance) count += 1;
  }
  return count;
}

/** Whether ffmpeg decodes every frame of a file without a complaint: what "playable" means here. */
export async function decodesCleanly(path: string): Promise<string> {
  const { stderr } = await exec('ffmpeg', ['-v', 'error', '-i', path, '-f', 'null', '-']);
  return stderr.trim();
}

/** The command lines of running processes that mention a text, such as a test's own folder. */
export async function processesMentioning(text: string): Promise<string[]> {
  const { stdout } = await exec('ps', ['-eo', 'pid=,args=']);
  return stdout
    .split('\n')
    .filter((line) => line.includes(text) && !line.includes('ps -eo'))
    .map((line) => line.trim());
}

/**
 * A stand-in program that ignores SIGTERM and runs until killed, for testing that a cancelled
 * node escalates to SIGKILL. One Node process (not a shell running a child) so that killing it
 * leaves nothing behind.
 */
export async function stubbornProgram(): Promise<{ path: string; remove(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'pipewright-stubborn-'));
  const path = join(folder, 'stubborn-tool');
  const script = [
    `#!${process.execPath}`,
    "process.on('SIGTERM', () => {});",
    "process.stdout.write('out_time_us=0\\n');",
    'setInterval(() => {}, 1000);',
    '',
  ].join('\n');
  await writeFile(path, script);
  await chmod(path, 0o755);
  return { path, remove: () => rm(folder, { recursive: true, force: true }) };
}
