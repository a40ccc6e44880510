import type { ArtifactMeta } from '../../engine/index.ts';

/** The audio formats the node offers, as ElevenLabs names them (`codec_samplerate_bitrate`). */
export const OUTPUT_FORMATS = [
  'mp3_22050_32',
  'mp3_44100_32',
  'mp3_44100_64',
  'mp3_44100_96',
  'mp3_44100_128',
  'mp3_44100_192',
  'opus_48000_64',
  'opus_48000_128',
  'pcm_16000',
  'pcm_22050',
  'pcm_24000',
  'pcm_44100',
] as const;

export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type AudioFile =
  | { kind: 'file'; meta: ArtifactMeta }
  /** Raw samples with no header, which the node stores as WAV (see pcm-wav.ts). */
  | { kind: 'pcm'; sampleRate: number };

export function audioFileOf(format: OutputFormat): AudioFile {
  const [codec, rate] = format.split('_');
  if (codec === 'mp3')
    return { kind: 'file', meta: { mediaType: 'audio/mpeg', name: 'speech.mp3' } };
  if (codec === 'opus')
    return { kind: 'file', meta: { mediaType: 'audio/ogg', name: 'speech.ogg' } };
  return { kind: 'pcm', sampleRate: Number(rate) };
}
