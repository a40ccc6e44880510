/** The slices of Bot API objects that the Telegram fake produces; see core.telegram.org/bots/api. */

export interface TelegramUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
  language_code?: string;
}

export interface TelegramChat {
  id: number | string;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  first_name?: string;
  username?: string;
  title?: string;
}

export interface TelegramMessage {
  message_id: number;
  date: number;
  chat: TelegramChat;
  from?: TelegramUser;
  text?: string;
  caption?: string;
  entities?: { type: string; offset: number; length: number }[];
  /** Media objects (`video`, `audio`, `document`, `voice`, `photo`, ...) by Bot API name. */
  [media: string]: unknown;
}

export interface TelegramUpdate {
  update_id: number;
  message?: TelegramMessage;
  [kind: string]: unknown;
}

/** The Bot API's answer envelope. */
export type TelegramEnvelope<T> =
  | { ok: true; result: T }
  | {
      ok: false;
      error_code: number;
      description: string;
      parameters?: { retry_after?: number; migrate_to_chat_id?: number };
    };
