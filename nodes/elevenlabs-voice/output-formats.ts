/**
 * The audio formats the node offers, as ElevenLabs names them (`codec_samplerate_bitrate`).
 * Raw PCM has no header, so its media type carries the sample rate for whoever reads it next.
 */
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

export function audioFileOf(format: OutputFormat): { mediaType: string; name: string } {
  const [codec, rate] = format.split('_');
  if (codec === 'mp3') return { mediaType: 'audio/mpeg', name: 'speech.mp3' };
  if (codec === 'opus') return { mediaType: 'audio/ogg', name: 'speech.ogg' };
  return { mediaType: `audio/L16;rate=${rate};channels=1`, name: 'speech.pcm' };
}
