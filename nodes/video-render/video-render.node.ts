import { rm, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { defineNode } from '../../engine/index.ts';
import type { ArtifactRef, NodeContext } from '../../engine/index.ts';
import { FFMPEG, runTool } from '../shared/child-process.ts';
import type { ToolCaller } from '../shared/child-process.ts';
import { ffmpegProgress } from '../shared/ffmpeg-progress.ts';
import { audioDuration } from '../shared/ffprobe.ts';
import { assDocument, charsPerLine } from './ass-captions.ts';
import { captionSegments, SCRIPT_SCHEMA, timeCaptions } from './caption-timing.ts';
import { narrationPauses } from './narration-pauses.ts';
import { renderArgs } from './render-command.ts';
import { renderSettings } from './render-settings.ts';
import type { RenderSettings } from './render-settings.ts';

const TITLE = 'Video render';

/**
 * Measuring the narration (its length and pauses) and moving the file into the store are a sliver
 * of the bar; the render is the rest.
 */
const PROBED = 0.02;

/** Narration, captions and a background into an MP4 with ffmpeg. */
export const videoRenderNode = defineNode({
  type: 'video.render',
  // 2: captions change at the narration's pauses, not only by their share of its characters.
  version: 2,
  title: TITLE,
  category: 'media',
  description:
    'Renders an MP4 (H.264, AAC) as long as the narration: a background colour or image, with captions timed to the narration and burned in. Runs ffmpeg on this machine.',
  settings: renderSettings,
  inputs: {
    narration: { type: 'audio', description: 'The sound track; the video lasts as long.' },
    script: {
      type: 'json',
      optional: true,
      schema: SCRIPT_SCHEMA,
      description:
        "A script { title, scenes: [{ narration, caption }] }: each scene's caption shows while its narration is spoken.",
    },
    captions: {
      type: 'text',
      optional: true,
      description: 'Plain text shown sentence by sentence, when there is no script.',
    },
    background: {
      type: 'image',
      optional: true,
      description: 'Fills the frame; without it the background colour does.',
    },
  },
  outputs: { video: { type: 'video', description: 'The rendered MP4.' } },
  run: async (inputs, settings, context) => {
    const caller: ToolCaller = {
      nodeId: context.nodeId,
      title: TITLE,
      signal: context.signal,
      env: context.env,
    };
    const segments = captionSegments(inputs.script, inputs.captions, caller);
    const narration = inputs.narration as ArtifactRef;
    const narrationPath = resolve(context.artifacts.pathOf(narration));
    const { duration, pauses } = await measureNarration(narrationPath, caller, segments.length);
    const maxChars = charsPerLine(settings) * settings.maxCaptionLines;
    const cues = timeCaptions(segments, duration, maxChars, pauses);
    context.progress(PROBED, 'Narration measured');
    const captionsPath = cues.length > 0 ? await context.artifacts.scratchPath('ass') : undefined;
    const outputPath = await context.artifacts.scratchPath('mp4');

    try {
      if (captionsPath) await writeFile(captionsPath, assDocument(cues, settings));
      await render(context, caller, settings, {
        narrationPath,
        duration,
        outputPath,
        captionsPath,
        background: inputs.background as ArtifactRef | undefined,
      });
      const video = await context.artifacts.putFile(
        outputPath,
        { mediaType: 'video/mp4', name: 'video.mp4' },
        { move: true },
      );
      context.progress(1);
      return { video };
    } finally {
      await rm(outputPath, { force: true });
      if (captionsPath) await rm(captionsPath, { force: true });
    }
  },
});

/**
 * The narration's length and, where a caption changes, its pauses: two tool runs side by side.
 * An unreadable narration fails as the duration's error, which names the input, whichever of
 * the two gave up first.
 */
async function measureNarration(path: string, caller: ToolCaller, segments: number) {
  // Only a change from one caption to the next needs the pauses; one caption fills the video.
  const [duration, pauses] = await Promise.allSettled([
    audioDuration(path, caller, 'narration'),
    segments > 1 ? narrationPauses(path, caller) : Promise.resolve([]),
  ]);
  if (duration.status === 'rejected') throw duration.reason;
  if (pauses.status === 'rejected') throw pauses.reason;
  return { duration: duration.value, pauses: pauses.value };
}

interface RenderFiles {
  narrationPath: string;
  duration: number;
  outputPath: string;
  captionsPath?: string;
  background?: ArtifactRef;
}

async function render(
  context: NodeContext,
  caller: ToolCaller,
  settings: RenderSettings,
  files: RenderFiles,
) {
  const share = 1 - 2 * PROBED;
  const onProgress = ffmpegProgress(files.duration, (fraction) =>
    context.progress(PROBED + fraction * share, 'Rendering'),
  );
  const args = renderArgs({
    settings,
    narrationPath: files.narrationPath,
    duration: files.duration,
    outputPath: resolve(files.outputPath),
    backgroundPath: files.background
      ? resolve(context.artifacts.pathOf(files.background))
      : undefined,
    captionsFile: files.captionsPath ? basename(files.captionsPath) : undefined,
    progressTo: 'pipe:1',
  });
  // ffmpeg runs in the captions' folder so that the filter graph names them by bare file name.
  const cwd = files.captionsPath ? dirname(resolve(files.captionsPath)) : undefined;
  await runTool({ tool: FFMPEG, args, caller, cwd, onStdoutLine: onProgress });
}
