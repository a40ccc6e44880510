import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface MediaProbe {
  formatName: string;
  /** Seconds; 0 when ffprobe reports none. */
  duration: number;
  streams: { codecType: string; codecName: string; width?: number; height?: number }[];
}

/**
 * Runs ffprobe on a file or on bytes (written to a temporary file first). Raw formats that carry
 * no header, such as `pcm_16000`, need `inputArgs` like `['-f', 's16le', '-ar', '16000']`.
 */
export async function probeMedia(
  input: string | Uint8Array,
  inputArgs: string[] = [],
): Promise<MediaProbe> {
  if (typeof input === 'string') return probeFile(input, inputArgs);
  const folder = await mkdtemp(join(tmpdir(), 'pipewright-probe-'));
  try {
    const path = join(folder, 'media');
    await writeFile(path, input);
    return await probeFile(path, inputArgs);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

interface FfprobeOutput {
  format?: { format_name?: string; duration?: string };
  streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number }[];
}

async function probeFile(path: string, inputArgs: string[]): Promise<MediaProbe> {
  const args = ['-v', 'error', ...inputArgs, '-show_format', '-show_streams', '-of', 'json', path];
  const { stdout } = await run('ffprobe', args);
  const parsed = JSON.parse(stdout) as FfprobeOutput;
  return {
    formatName: parsed.format?.format_name ?? '',
    duration: Number(parsed.format?.duration ?? 0) || 0,
    streams: (parsed.streams ?? []).map((stream) => ({
      codecType: stream.codec_type ?? '',
      codecName: stream.codec_name ?? '',
      ...(stream.width !== undefined ? { width: stream.width } : {}),
      ...(stream.height !== undefined ? { height: stream.height } : {}),
    })),
  };
}
