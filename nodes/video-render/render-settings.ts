import { z } from 'zod';

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #1d2b53');

/** Sizes stay even: H.264 in yuv420p halves the colour planes, so odd sides do not encode. */
const evenSide = (max: number, fallback: number) =>
  z
    .number()
    .int()
    .min(16)
    .max(max)
    .refine((value) => value % 2 === 0, 'must be an even number of pixels')
    .default(fallback);

export const X264_PRESETS = [
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
] as const;

export const renderSettings = z.object({
  width: evenSide(3840, 1280).describe('Pixels.'),
  height: evenSide(2160, 720).describe('Pixels.'),
  fps: z.number().int().min(1).max(60).default(30).describe('Frames per second.'),
  backgroundColour: colour
    .default('#1d2b53')
    .describe('Fills the frame when no background image is given, and the bars around one.'),
  backgroundFit: z
    .enum(['cover', 'contain'])
    .default('cover')
    .describe('cover crops the image to fill the frame; contain shows all of it with bars.'),
  font: z
    .string()
    .min(1)
    .default('DejaVu Sans')
    .describe('A font family installed on the machine; fontconfig picks a near one if missing.'),
  fontSize: z.number().int().min(8).max(400).default(48).describe('Pixels.'),
  captionColour: colour.default('#ffffff'),
  outlineColour: colour.default('#000000'),
  captionPosition: z.enum(['bottom', 'middle', 'top']).default('bottom'),
  captionMargin: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(48)
    .describe('Pixels between the captions and the edge of the frame.'),
  maxCaptionLines: z
    .number()
    .int()
    .min(1)
    .max(10)
    .default(2)
    .describe('Longer captions are split into parts shown one after another.'),
  preset: z
    .enum(X264_PRESETS)
    .default('veryfast')
    .describe('x264 speed against file size: faster presets make larger files.'),
  crf: z
    .number()
    .int()
    .min(0)
    .max(51)
    .default(23)
    .describe('x264 quality: lower is better and larger; 18 to 28 is usual.'),
  audioBitrate: z.number().int().min(32).max(320).default(128).describe('AAC, kbit/s.'),
});

export type RenderSettings = z.infer<typeof renderSettings>;
