import { userError } from '../../engine/index.ts';
import { FFPROBE, runTool } from './child-process.ts';
import type { ToolCaller } from './child-process.ts';

export interface MediaStream {
  kind: string;
  codec: string;
  width?: number;
  height?: number;
  pixelFormat?: string;
  /** Frames per second of a video stream. */
  frameRate?: number;
}

export interface MediaInfo {
  /** Seconds; 0 when the container states none. */
  duration: number;
  formatName: string;
  streams: MediaStream[];
}

interface FfprobeJson {
  format?: { duration?: string; format_name?: string };
  streams?: {
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    pix_fmt?: string;
    r_frame_rate?: string;
  }[];
}

/** What ffprobe says of a media file: its length and its streams. */
export async function probeMedia(path: string, caller: ToolCaller): Promise<MediaInfo> {
  const args = ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', path];
  const { stdout } = await runTool({ tool: FFPROBE, args, caller });
  const parsed = JSON.parse(stdout) as FfprobeJson;
  return {
    duration: Number(parsed.format?.duration) || 0,
    formatName: parsed.format?.format_name ?? '',
    streams: (parsed.streams ?? []).map((stream) => {
      const found: MediaStream = {
        kind: stream.codec_type ?? '',
        codec: stream.codec_name ?? '',
      };
      if (stream.width !== undefined) found.width = stream.width;
      if (stream.height !== undefined) found.height = stream.height;
      if (stream.pix_fmt !== undefined) found.pixelFormat = stream.pix_fmt;
      const rate = frameRate(stream.r_frame_rate);
      if (found.kind === 'video' && rate !== undefined) found.frameRate = rate;
      return found;
    }),
  };
}

/** ffprobe states rates as fractions such as `30000/1001`; `0/0` means unknown. */
function frameRate(fraction: string | undefined): number | undefined {
  const [numerator, denominator] = (fraction ?? '').split('/').map(Number);
  if (!numerator || !denominator) return undefined;
  return numerator / denominator;
}

/**
 * The length in seconds of the audio a node received on `field`. A file with no audio stream,
 * or none ffprobe can read, is the user's to fix, so the error names the input.
 */
export async function audioDuration(
  path: string,
  caller: ToolCaller,
  field: string,
): Promise<number> {
  const fail = (why: string) =>
    userError(
      'AUDIO_UNREADABLE',
      `Node "${caller.nodeId}" (${caller.title}): the ${field} ${why}.`,
      {
        nodeId: caller.nodeId,
        field,
      },
    );

  let info: MediaInfo;
  try {
    info = await probeMedia(path, caller);
  } catch (error) {
    if (caller.signal.aborted || (error as { code?: string }).code !== 'TOOL_FAILED') throw error;
    throw fail('input is not a media file ffprobe can read');
  }
  if (!info.streams.some((stream) => stream.kind === 'audio')) throw fail('input has no audio');
  if (info.duration <= 0) throw fail('audio has no duration');
  return info.duration;
}
