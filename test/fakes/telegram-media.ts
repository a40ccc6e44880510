import { probeMedia } from './probe-media.ts';
import type { StoredFile } from './telegram-files.ts';

/** The send method for each media kind, and the form field that carries its file. */
export const MEDIA_METHODS: Record<string, string> = {
  sendAudio: 'audio',
  sendVideo: 'video',
  sendDocument: 'document',
  sendPhoto: 'photo',
  sendVoice: 'voice',
  sendAnimation: 'animation',
};

/**
 * The Bot API object describing a sent file. Width, height and duration come from ffprobe, so
 * a bot that reports "sent a 12 s video" is checked against the bytes it really uploaded.
 */
export async function mediaObject(kind: string, file: StoredFile): Promise<unknown> {
  const base = {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_size: file.bytes.length,
  };
  const named = {
    ...base,
    ...(file.filename !== undefined ? { file_name: file.filename } : {}),
    ...(file.contentType !== undefined ? { mime_type: file.contentType } : {}),
  };
  if (kind === 'document') return named;

  const probe =
    file.bytes.length > 0 ? await probeMedia(file.bytes).catch(() => undefined) : undefined;
  const picture = probe?.streams.find((stream) => stream.codecType === 'video');
  const size = { width: picture?.width ?? 0, height: picture?.height ?? 0 };
  const duration = Math.round(probe?.duration ?? 0);

  if (kind === 'photo') return [{ ...base, ...size }];
  if (kind === 'video' || kind === 'animation') return { ...named, ...size, duration };
  return { ...named, duration };
}
