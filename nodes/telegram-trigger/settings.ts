import { z } from 'zod';

export const telegramTriggerSettings = z.object({
  chatId: z
    .string()
    .regex(/^(-?\d+|@\w{4,})$/, 'must be a numeric chat id or a public @username')
    .optional()
    .describe('Only messages from this chat.'),
  textPrefix: z
    .string()
    .min(1)
    .optional()
    .describe('Only messages that start with this, such as the command /video.'),
  stripPrefix: z
    .boolean()
    .default(true)
    .describe('Take the prefix off the text output, so "/video cats" gives "cats".'),
  timeoutSeconds: z
    .int()
    .min(0)
    .default(300)
    .describe('How long a studio or CLI run waits for a message; 0 waits until cancelled.'),
  onlyNewMessages: z
    .boolean()
    .default(false)
    .describe('Pass over messages that were waiting from before the run started.'),
});

export type TelegramTriggerSettings = z.infer<typeof telegramTriggerSettings>;
