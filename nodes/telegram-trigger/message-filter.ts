import type { Message } from 'node-telegram-bot-api';

export interface MessageFilter {
  /** Only this chat: its numeric id, or a public chat's @username. */
  chatId?: string;
  /** Only messages whose text starts with this, such as a command `/video`. */
  textPrefix?: string;
  /** Messages dated before this (Unix seconds) are passed over. */
  notBefore?: number;
}

export function matches(message: Message, filter: MessageFilter): boolean {
  if (filter.notBefore !== undefined && message.date < filter.notBefore) return false;
  if (filter.chatId && !isChat(message, filter.chatId)) return false;
  if (!filter.textPrefix) return true;
  return startsWithCommand(message.text ?? message.caption ?? '', filter.textPrefix);
}

/** The text with the prefix (and a command's `@botname`) taken off, for the pipeline to use. */
export function withoutPrefix(text: string, prefix: string | undefined): string {
  if (!prefix || !text.startsWith(prefix)) return text;
  return text.slice(prefix.length).replace(/^@\w+/, '').trim();
}

function isChat(message: Message, chatId: string): boolean {
  const wanted = chatId.trim();
  if (wanted.startsWith('@')) return `@${message.chat.username ?? ''}` === wanted;
  return String(message.chat.id) === wanted;
}

/**
 * A command prefix (`/video`) also matches `/video@my_bot`, as group chats write it, but not
 * `/videos`; any other prefix is a plain text match.
 */
function startsWithCommand(text: string, prefix: string): boolean {
  if (!text.startsWith(prefix)) return false;
  if (!/^\/\w+$/.test(prefix)) return true;
  const next = text.charAt(prefix.length);
  return next === '' || next === '@' || /\s/.test(next);
}
