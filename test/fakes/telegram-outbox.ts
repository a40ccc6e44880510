import type { RecordedRequest } from './fake-server.ts';
import type { FakeResponse } from './fake-response.ts';
import type { FileStore, StoredFile } from './telegram-files.ts';
import { mediaObject } from './telegram-media.ts';
import type { TelegramChat, TelegramMessage, TelegramUser } from './telegram-types.ts';
import { apiError, ok, toChatId, toText } from './telegram-wire.ts';

/** A message the bot sent, with the file it uploaded when there was one. */
export interface SentMessage {
  method: string;
  chatId: number | string;
  text?: string;
  caption?: string;
  /** The form field the file came in (`video`, `audio`, ...) and what was stored. */
  file?: StoredFile & { field: string };
  message: TelegramMessage;
  params: Record<string, unknown>;
}

/** The bot's outgoing side: the send methods, the messages they make, and getFile. */
export class TelegramOutbox {
  readonly sent: SentMessage[] = [];

  constructor(
    private readonly bot: TelegramUser,
    private readonly files: FileStore,
    private readonly nextMessageId: () => number,
  ) {}

  sendMessage(params: Record<string, unknown>): FakeResponse {
    const chatId = toChatId(params.chat_id);
    const text = toText(params.text);
    if (chatId === undefined) return apiError(400, 'Bad Request: chat_id is empty');
    if (!text) return apiError(400, 'Bad Request: message text is empty');

    const message = this.outgoing(chatId, { text });
    this.sent.push({ method: 'sendMessage', chatId, text, message, params });
    return ok(message);
  }

  async sendMedia(
    method: string,
    kind: string,
    params: Record<string, unknown>,
    request: RecordedRequest,
  ): Promise<FakeResponse> {
    const chatId = toChatId(params.chat_id);
    if (chatId === undefined) return apiError(400, 'Bad Request: chat_id is empty');
    const file = this.resolveUpload(kind, params[kind], request);
    if (typeof file === 'string') return apiError(400, file);

    const caption = toText(params.caption);
    const message = this.outgoing(chatId, {
      ...(caption !== undefined ? { caption } : {}),
      [kind]: await mediaObject(kind, file),
    });
    this.sent.push({
      method,
      chatId,
      ...(caption !== undefined ? { caption } : {}),
      file: { ...file, field: kind },
      message,
      params,
    });
    return ok(message);
  }

  /** The uploaded part, a known file_id or a URL; otherwise the Bot API's error text. */
  private resolveUpload(
    kind: string,
    value: unknown,
    request: RecordedRequest,
  ): StoredFile | string {
    const reference = toText(value);
    const partName = reference?.startsWith('attach://') ? reference.slice(9) : kind;
    const part = request.parts.find((p) => p.name === partName && p.filename !== undefined);
    if (part) {
      return this.files.add(kind, part.data, {
        ...(part.filename !== undefined ? { filename: part.filename } : {}),
        ...(part.contentType !== undefined ? { contentType: part.contentType } : {}),
      });
    }
    if (reference === undefined) return `Bad Request: there is no ${kind} in the request`;
    const known = this.files.byId(reference);
    if (known) return known;
    if (/^https?:\/\//.test(reference)) {
      return this.files.add(kind, Buffer.alloc(0), { filename: reference.split('/').pop() ?? '' });
    }
    return 'Bad Request: wrong file identifier/HTTP URL specified';
  }

  getFile(params: Record<string, unknown>): FakeResponse {
    const file = this.files.byId(toText(params.file_id) ?? '');
    if (!file) return apiError(400, 'Bad Request: invalid file_id');
    return ok({
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      file_size: file.bytes.length,
      file_path: file.filePath,
    });
  }

  private outgoing(chatId: number | string, content: Record<string, unknown>): TelegramMessage {
    const chat: TelegramChat =
      typeof chatId === 'number'
        ? { id: chatId, type: chatId < 0 ? 'group' : 'private' }
        : { id: chatId, type: 'channel', username: chatId.replace(/^@/, '') };
    return {
      message_id: this.nextMessageId(),
      from: this.bot,
      chat,
      date: Math.floor(Date.now() / 1000),
      ...content,
    };
  }
}
