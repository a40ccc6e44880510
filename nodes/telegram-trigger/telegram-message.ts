import type { Message, Update } from 'node-telegram-bot-api';
import type { JsonSchema } from '../../engine/index.ts';

/**
 * A Telegram message as it travels on a `telegram-message` port: the few fields a pipeline uses,
 * flat and stable, rather than the Bot API's large and growing Message object.
 */
export interface TelegramMessageValue {
  chatId: number | string;
  messageId: number;
  from: { id: number; username?: string; firstName?: string };
  /** The message text, or a media message's caption; empty when it has neither. */
  text: string;
  /** When Telegram received it, as an ISO 8601 time. */
  date: string;
}

export const TELEGRAM_MESSAGE_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    chatId: { type: ['integer', 'string'], description: 'The chat to answer in.' },
    messageId: { type: 'integer' },
    from: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        username: { type: 'string' },
        firstName: { type: 'string' },
      },
      required: ['id'],
    },
    text: { type: 'string' },
    date: { type: 'string', format: 'date-time' },
  },
  required: ['chatId', 'messageId', 'from', 'text', 'date'],
};

export function toMessageValue(message: Message): TelegramMessageValue {
  // A channel post has no user behind it; the channel itself is the sender.
  const sender = message.from ?? { id: Number(message.chat.id), username: message.chat.username };
  const from: TelegramMessageValue['from'] = { id: sender.id };
  if (sender.username) from.username = sender.username;
  if ('first_name' in sender && sender.first_name) from.firstName = sender.first_name;
  return {
    chatId: message.chat.id,
    messageId: message.message_id,
    from,
    text: message.text ?? message.caption ?? '',
    date: new Date(message.date * 1000).toISOString(),
  };
}

/** The message an update carries, new or edited, from a chat or a channel. */
export function messageOf(update: Update): Message | undefined {
  if ('message' in update) return update.message;
  if ('channel_post' in update) return update.channel_post;
  if ('edited_message' in update) return update.edited_message;
  if ('edited_channel_post' in update) return update.edited_channel_post;
  return undefined;
}

export function isUpdate(value: unknown): value is Update {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { update_id?: unknown }).update_id === 'number'
  );
}

/** Whether a value from a `telegram-message` port can be replied to. */
export function isMessageValue(value: unknown): value is TelegramMessageValue {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<TelegramMessageValue>;
  return (
    (typeof record.chatId === 'number' || typeof record.chatId === 'string') &&
    typeof record.messageId === 'number'
  );
}
