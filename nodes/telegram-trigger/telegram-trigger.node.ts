import { TelegramApiError } from 'node-telegram-bot-api';
import type { Message } from 'node-telegram-bot-api';
import { defineNode, userError } from '../../engine/index.ts';
import type { NodeContext } from '../../engine/index.ts';
import { matches, withoutPrefix } from './message-filter.ts';
import type { MessageFilter } from './message-filter.ts';
import { telegramTriggerSettings } from './settings.ts';
import type { TelegramTriggerSettings } from './settings.ts';
import { fromTelegramError, TELEGRAM_CREDENTIAL, telegramApi } from './telegram-api.ts';
import {
  isUpdate,
  messageOf,
  TELEGRAM_MESSAGE_SCHEMA,
  toMessageValue,
} from './telegram-message.ts';
import { waitForMessage } from './wait-for-message.ts';

const TITLE = 'Telegram trigger';

/**
 * Starts a pipeline from a message to a Telegram bot. An exported service receives updates by
 * webhook and hands each one to the run as its trigger payload; a studio or CLI run has no public
 * address, so it long-polls the bot until the next message arrives.
 */
export const telegramTriggerNode = defineNode({
  type: 'telegram.trigger',
  version: 1,
  title: TITLE,
  category: 'trigger',
  role: 'telegram-trigger',
  description:
    'Starts the pipeline when someone writes to your Telegram bot, optionally only from one chat or for messages that start with a command.',
  settings: telegramTriggerSettings,
  inputs: {},
  outputs: {
    message: {
      type: 'telegram-message',
      description: 'The message, to reply to.',
      schema: TELEGRAM_MESSAGE_SCHEMA,
    },
    text: { type: 'text', description: 'What the message says, without the prefix.' },
  },
  credentials: [TELEGRAM_CREDENTIAL],
  cache: false,
  run: async (_inputs, settings, context) => {
    const message =
      context.trigger === undefined || context.trigger === null
        ? await pollForMessage(settings, context)
        : deliveredMessage(settings, context);
    if (!message) return {};

    const value = toMessageValue(message);
    const text = settings.stripPrefix ? withoutPrefix(value.text, settings.textPrefix) : value.text;
    context.log.info('Received a Telegram message.', {
      chatId: value.chatId,
      messageId: value.messageId,
    });
    return { message: value, text };
  },
});

function filterOf(settings: TelegramTriggerSettings): MessageFilter {
  return { chatId: settings.chatId, textPrefix: settings.textPrefix };
}

async function pollForMessage(settings: TelegramTriggerSettings, context: NodeContext) {
  const api = await telegramApi(context);
  const filter = filterOf(settings);
  if (settings.onlyNewMessages) filter.notBefore = Math.floor(Date.now() / 1000);
  context.progress(0, 'Waiting for a Telegram message');
  try {
    return await waitForMessage(api, {
      filter,
      timeoutSeconds: settings.timeoutSeconds,
      signal: context.signal,
      nodeId: context.nodeId,
      onPassOver: (update) =>
        context.log.debug('Passed over an update the filter does not take.', update),
    });
  } catch (error) {
    if (error instanceof TelegramApiError && error.errorCode === 409)
      throw webhookActive(context.nodeId);
    throw fromTelegramError(error, context.nodeId, TITLE);
  }
}

/**
 * The update a webhook delivered. One the filter does not take ends the run quietly with no
 * outputs: the webhook receives every message to the bot, and most may not be meant for it.
 */
function deliveredMessage(
  settings: TelegramTriggerSettings,
  context: NodeContext,
): Message | undefined {
  const update = context.trigger;
  if (!isUpdate(update)) {
    throw userError(
      'TELEGRAM_TRIGGER_INVALID',
      `Node "${context.nodeId}" (${TITLE}) was handed a trigger payload that is not a Telegram update (it has no update_id).`,
      { nodeId: context.nodeId, path: 'trigger' },
    );
  }
  const message = messageOf(update);
  if (!message || !matches(message, filterOf(settings))) {
    context.log.info('The update is not a message this trigger takes; nothing to do.', {
      updateId: update.update_id,
    });
    return undefined;
  }
  return message;
}

function webhookActive(nodeId: string) {
  return userError(
    'TELEGRAM_WEBHOOK_ACTIVE',
    `Node "${nodeId}" (${TITLE}): the bot has a webhook set (an exported service receives its messages), so this run cannot long-poll it. Use another bot for the studio, or remove the webhook with deleteWebhook.`,
    { nodeId, field: 'credentials.telegram' },
  );
}
