import { defineNode, isArtifactRef, userError } from '../../engine/index.ts';
import type { ArtifactRef, NodeContext } from '../../engine/index.ts';
import type { Api, Message, ReplyParameters } from 'node-telegram-bot-api';
import {
  fromTelegramError,
  TELEGRAM_CREDENTIAL,
  telegramApi,
} from '../telegram-trigger/telegram-api.ts';
import {
  isMessageValue,
  TELEGRAM_MESSAGE_SCHEMA,
  toMessageValue,
} from '../telegram-trigger/telegram-message.ts';
import type { TelegramMessageValue } from '../telegram-trigger/telegram-message.ts';
import { telegramSendSettings } from './settings.ts';
import type { TelegramSendSettings } from './settings.ts';
import { uploadOf } from './upload.ts';

const TITLE = 'Telegram send';

/** Sends text, audio and video to a Telegram chat, as a reply to the message that asked. */
export const telegramSendNode = defineNode({
  type: 'telegram.send',
  version: 1,
  title: TITLE,
  category: 'messaging',
  description:
    'Sends text, audio or video to a Telegram chat: the chat of a message it replies to, or a chat id. Media are uploaded straight from the artifact files.',
  settings: telegramSendSettings,
  inputs: {
    replyTo: {
      type: 'telegram-message',
      optional: true,
      description: 'The message to answer; its chat is where the reply goes.',
    },
    text: { type: 'text', optional: true, description: 'Sent as a message of its own.' },
    audio: { type: 'audio', optional: true },
    video: { type: 'video', optional: true },
    chatId: { type: 'text', optional: true, description: 'Overrides the chat id setting.' },
  },
  outputs: {
    messageIds: {
      type: 'json',
      description: 'The ids of the messages sent, in order.',
      schema: { type: 'array', items: { type: 'integer' } },
    },
    message: {
      type: 'telegram-message',
      description: 'The last message sent.',
      schema: TELEGRAM_MESSAGE_SCHEMA,
    },
  },
  credentials: [TELEGRAM_CREDENTIAL],
  cache: false,
  run: async (inputs, settings, context) => {
    const replyTo = replyTarget(inputs.replyTo, context.nodeId);
    const chatId = chatOf(inputs, settings, replyTo, context.nodeId);
    const sends = plannedSends(inputs, context.nodeId);
    const api = await telegramApi(context);
    const reply_parameters: ReplyParameters | undefined =
      replyTo && settings.reply
        ? {
            message_id: replyTo.messageId,
            chat_id: replyTo.chatId,
            allow_sending_without_reply: true,
          }
        : undefined;

    const target: SendTarget = {
      chat_id: chatId,
      reply_parameters,
      caption: settings.caption || undefined,
    };
    const sent: Message[] = [];
    try {
      for (const [index, send] of sends.entries()) {
        context.progress(index / sends.length, `Sending the ${send.kind}`);
        sent.push(await sendOne(api, send, target, context));
      }
    } catch (error) {
      throw fromTelegramError(error, context.nodeId, TITLE);
    }
    return {
      messageIds: sent.map((message) => message.message_id),
      message: toMessageValue(sent.at(-1)!),
    };
  },
});

type Send = { kind: 'text'; text: string } | { kind: 'audio' | 'video'; ref: ArtifactRef };

interface SendTarget {
  chat_id: number | string;
  reply_parameters?: ReplyParameters;
  caption?: string;
}

function sendOne(api: Api, send: Send, target: SendTarget, context: NodeContext): Promise<Message> {
  const { chat_id, reply_parameters, caption } = target;
  if (send.kind === 'text') {
    return api.sendMessage({ chat_id, text: send.text, reply_parameters }, context.signal);
  }
  const file = uploadOf(context.artifacts, send.ref, send.kind);
  if (send.kind === 'audio') {
    return api.sendAudio({ chat_id, audio: file, caption, reply_parameters }, context.signal);
  }
  return api.sendVideo(
    { chat_id, video: file, caption, reply_parameters, supports_streaming: true },
    context.signal,
  );
}

/** Text first, then the media, so that a caption-less video still follows its words. */
function plannedSends(inputs: Record<string, unknown>, nodeId: string): Send[] {
  const sends: Send[] = [];
  if (typeof inputs.text === 'string' && inputs.text.trim() !== '') {
    sends.push({ kind: 'text', text: inputs.text });
  }
  for (const kind of ['audio', 'video'] as const) {
    const ref = inputs[kind];
    if (ref === undefined) continue;
    if (!isArtifactRef(ref)) {
      throw userError(
        'TELEGRAM_MEDIA_INVALID',
        `Node "${nodeId}" (${TITLE}): the ${kind} input is not a stored ${kind} file.`,
        { nodeId, field: kind },
      );
    }
    sends.push({ kind, ref });
  }
  if (sends.length === 0) {
    throw userError(
      'TELEGRAM_NOTHING_TO_SEND',
      `Node "${nodeId}" (${TITLE}) received no text, audio or video to send.`,
      { nodeId, field: 'text' },
    );
  }
  return sends;
}

function replyTarget(value: unknown, nodeId: string): TelegramMessageValue | undefined {
  if (value === undefined) return undefined;
  if (isMessageValue(value)) return value;
  throw userError(
    'TELEGRAM_REPLY_INVALID',
    `Node "${nodeId}" (${TITLE}): the replyTo input is not a Telegram message with a chatId and messageId.`,
    { nodeId, field: 'replyTo' },
  );
}

function chatOf(
  inputs: Record<string, unknown>,
  settings: TelegramSendSettings,
  replyTo: TelegramMessageValue | undefined,
  nodeId: string,
): number | string {
  const given =
    typeof inputs.chatId === 'string' && inputs.chatId.trim() ? inputs.chatId.trim() : undefined;
  const chat = given ?? settings.chatId ?? replyTo?.chatId;
  if (chat === undefined) {
    throw userError(
      'TELEGRAM_NO_CHAT',
      `Node "${nodeId}" (${TITLE}) does not know where to send: set the chat id, or wire a replyTo message or a chatId input.`,
      { nodeId, field: 'chatId' },
    );
  }
  return typeof chat === 'string' && /^-?\d+$/.test(chat) ? Number(chat) : chat;
}
