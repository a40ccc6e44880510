import type { RenderSettings } from './render-settings.ts';

export interface RenderJob {
  settings: RenderSettings;
  narrationPath: string;
  /** Seconds: the video lasts as long as the narration. */
  duration: number;
  outputPath: string;
  backgroundPath?: string;
  /**
   * An ASS file name relative to ffmpeg's working folder. Relative because a path inside a
   * filter graph needs its own escaping of `:`, `\` and quotes, and a bare file name needs none.
   */
  captionsFile?: string;
  /** Where ffmpeg writes `key=value` progress lines; omitted when nobody reads them. */
  progressTo?: 'pipe:1';
}

/**
 * The ffmpeg arguments of a render: a background (colour or image) looped for the narration's
 * length, captions burned in, H.264 in yuv420p and AAC in an MP4 whose index sits at the front
 * (+faststart) so that players and Telegram can start before the whole file has arrived.
 */
export function renderArgs(job: RenderJob): string[] {
  const { settings } = job;
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel',
    'error',
    '-y',
    ...backgroundInput(job),
    '-i',
    job.narrationPath,
    '-filter_complex',
    `[0:v]${videoFilters(job).join(',')}[video]`,
    '-map',
    '[video]',
    '-map',
    '1:a:0',
    '-c:v',
    'libx264',
    '-preset',
    settings.preset,
    '-crf',
    String(settings.crf),
    '-tune',
    'stillimage',
    '-pix_fmt',
    'yuv420p',
    '-r',
    String(settings.fps),
    '-c:a',
    'aac',
    '-b:a',
    `${settings.audioBitrate}k`,
    '-t',
    job.duration.toFixed(3),
    '-movflags',
    '+faststart',
    ...(job.progressTo ? ['-progress', job.progressTo, '-stats_period', '0.25'] : []),
    job.outputPath,
  ];
}

function backgroundInput(job: RenderJob): string[] {
  const { width, height, fps, backgroundColour } = job.settings;
  if (job.backgroundPath) {
    return ['-loop', '1', '-framerate', String(fps), '-i', job.backgroundPath];
  }
  const colour = `0x${backgroundColour.slice(1)}`;
  return ['-f', 'lavfi', '-i', `color=c=${colour}:s=${width}x${height}:r=${fps}`];
}

function videoFilters(job: RenderJob): string[] {
  const { width, height, backgroundFit, backgroundColour } = job.settings;
  const filters: string[] = [];
  if (job.backgroundPath && backgroundFit === 'cover') {
    filters.push(
      `scale=${width}:${height}:force_original_aspect_ratio=increase:force_divisible_by=2`,
      `crop=${width}:${height}`,
    );
  }
  if (job.backgroundPath && backgroundFit === 'contain') {
    filters.push(
      `scale=${width}:${height}:force_original_aspect_ratio=decrease:force_divisible_by=2`,
      `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=0x${backgroundColour.slice(1)}`,
    );
  }
  filters.push('setsar=1');
  if (job.captionsFile) filters.push(`ass=${job.captionsFile}`);
  filters.push('format=yuv420p');
  return filters;
}
