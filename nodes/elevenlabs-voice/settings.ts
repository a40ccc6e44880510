import { z } from 'zod';
import { OUTPUT_FORMATS } from './output-formats.ts';

const unit = z.number().min(0).max(1);

export const elevenLabsVoiceSettings = z.object({
  voiceId: z
    .string()
    .min(1)
    .default('21m00Tcm4TlvDq8ikWAM')
    .describe('The voice to speak with; the default is the premade voice "Rachel".'),
  modelId: z.string().min(1).default('eleven_multilingual_v2'),
  outputFormat: z
    .enum(OUTPUT_FORMATS)
    .default('mp3_44100_128')
    .describe('codec_samplerate_bitrate; the raw pcm_ formats are kept as WAV files.'),
  languageCode: z
    .string()
    .regex(/^[a-z]{2}$/, 'must be a two-letter language code such as en or de')
    .optional(),
  stability: unit.default(0.5).describe('Higher is steadier, lower more expressive.'),
  similarityBoost: unit.default(0.75).describe('How closely to hold to the original voice.'),
  style: unit.default(0).describe('Exaggerates the speaking style; above 0 costs latency.'),
  speakerBoost: z.boolean().default(true),
  speed: z.number().min(0.7).max(1.2).optional().describe('1 is normal speed.'),
  timeoutSeconds: z
    .int()
    .min(1)
    .max(3600)
    .default(120)
    .describe(
      'How long ElevenLabs may send nothing: before it starts answering, or between two pieces of the audio. A time-out is retried.',
    ),
  pricePer1000Characters: z
    .number()
    .min(0)
    .default(0.1)
    .describe("USD per 1,000 characters for the cost meter; set it to your plan's rate."),
});

export type ElevenLabsVoiceSettings = z.infer<typeof elevenLabsVoiceSettings>;
