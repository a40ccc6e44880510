import { z } from 'zod';

export const telegramSendSettings = z.object({
  chatId: z
    .string()
    .regex(/^(-?\d+|@\w{4,})$/, 'must be a numeric chat id or a public @username')
    .optional()
    .describe('Where to send when no chatId input is wired; else the chat of the replyTo message.'),
  caption: z
    .string()
    .max(1024, 'Telegram allows captions of at most 1024 characters')
    .optional()
    .describe('Shown under the audio or video.'),
  reply: z
    .boolean()
    .default(true)
    .describe('Send as a reply to the replyTo message when one is wired.'),
});

export type TelegramSendSettings = z.infer<typeof telegramSendSettings>;
