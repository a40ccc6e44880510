import type { Api, Message } from 'node-telegram-bot-api';
import { userError } from '../../engine/index.ts';
import { matches } from './message-filter.ts';
import type { MessageFilter } from './message-filter.ts';
import { messageOf } from './telegram-message.ts';

/** Telegram holds a long poll at most this long before answering empty; we then ask again. */
const LONG_POLL_SECONDS = 25;

export interface WaitOptions {
  filter: MessageFilter;
  /** 0 waits until a message comes or the run is cancelled. */
  timeoutSeconds: number;
  signal: AbortSignal;
  nodeId: string;
  /** Told about each update passed over, for the node's log. */
  onPassOver?: (update: { updateId: number; chatId?: number | string }) => void;
}

/**
 * Long-polls the bot's updates until a message passes the filter, then confirms it so that the
 * next run does not receive it again. Updates passed over are confirmed too: Telegram repeats
 * every unconfirmed update on each poll, so leaving them would turn the wait into a busy loop.
 * Cancelling the run aborts the poll in flight through the signal.
 */
export async function waitForMessage(api: Api, options: WaitOptions): Promise<Message> {
  const deadline =
    options.timeoutSeconds > 0
      ? Date.now() + options.timeoutSeconds * 1000
      : Number.POSITIVE_INFINITY;
  let offset: number | undefined;

  while (true) {
    const left = deadline - Date.now();
    if (left <= 0) throw noMessage(options);
    const timeout = Math.max(1, Math.min(LONG_POLL_SECONDS, Math.ceil(left / 1000)));
    const updates = await api.getUpdates({ offset, timeout }, options.signal);

    for (const update of updates) {
      offset = update.update_id + 1;
      const message = messageOf(update);
      if (message && matches(message, options.filter)) {
        await api.getUpdates({ offset, timeout: 0, limit: 1 }, options.signal);
        return message;
      }
      options.onPassOver?.({ updateId: update.update_id, chatId: message?.chat.id });
    }
  }
}

function noMessage({ nodeId, timeoutSeconds, filter }: WaitOptions) {
  const which = [
    filter.chatId ? `from chat ${filter.chatId}` : '',
    filter.textPrefix ? `starting with "${filter.textPrefix}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return userError(
    'TELEGRAM_NO_MESSAGE',
    `Node "${nodeId}" (Telegram trigger): no message${which ? ` ${which}` : ''} arrived within ${timeoutSeconds} seconds.`,
    { nodeId, field: 'timeoutSeconds' },
  );
}
