import type { FakeResponse } from './fake-response.ts';
import { FakeServer } from './fake-server.ts';
import type { HandlerContext, RecordedRequest } from './fake-server.ts';
import { FileStore } from './telegram-files.ts';
import type { StoredFile } from './telegram-files.ts';
import { MEDIA_METHODS } from './telegram-media.ts';
import type {
  TelegramChat,
  TelegramMessage,
  TelegramUpdate,
  TelegramUser,
} from './telegram-types.ts';
import { TelegramOutbox } from './telegram-outbox.ts';
import type { SentMessage } from './telegram-outbox.ts';
import { UpdateQueue } from './telegram-updates.ts';
import { deliverUpdates } from './telegram-webhook.ts';
import type { WebhookDelivery, WebhookRegistration } from './telegram-webhook.ts';
import { apiError, describeStatus, ok, paramsOf, toInt, toText } from './telegram-wire.ts';

export type { StoredFile } from './telegram-files.ts';
export type * from './telegram-types.ts';
export type { SentMessage } from './telegram-outbox.ts';
export type { WebhookDelivery, WebhookRegistration } from './telegram-webhook.ts';

export interface TelegramFakeOptions {
  /** The only token accepted in `/bot<token>/`; it must look like a real one (`digits:chars`). */
  token?: string;
  botUsername?: string;
}

export interface PushMessageOptions {
  text: string;
  chatId?: number;
  /** Overrides fields of the sending user; by default the user is the private chat's owner. */
  from?: Partial<TelegramUser>;
}

type MethodHandler = (
  params: Record<string, unknown>,
  request: RecordedRequest,
  signal: AbortSignal,
) => FakeResponse | Promise<FakeResponse>;

const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
const ALWAYS_TRUE = ['sendChatAction', 'deleteMessage', 'answerCallbackQuery', 'setMyCommands'];

/**
 * The Telegram Bot API on loopback: `new Api(fake.token, { apiRoot: fake.apiRoot })`.
 * Tests push incoming messages with `pushMessage`, read what the bot sent in `sent`, and play
 * Telegram's side of a webhook with `deliverToWebhook`.
 */
export class TelegramFake extends FakeServer {
  readonly token: string;
  readonly bot: TelegramUser;
  webhook: WebhookRegistration | undefined;
  private readonly updates = new UpdateQueue();
  private readonly files = new FileStore();
  private readonly outbox: TelegramOutbox;
  private readonly methods: Record<string, MethodHandler>;
  private messageCount = 0;

  constructor(options: TelegramFakeOptions = {}) {
    super();
    this.token = options.token ?? '123456789:fake-telegram-token';
    const id = Number(this.token.split(':')[0]) || 123_456_789;
    this.bot = {
      id,
      is_bot: true,
      first_name: 'Pipewright Fake Bot',
      username: options.botUsername ?? 'pipewright_fake_bot',
    };
    this.outbox = new TelegramOutbox(this.bot, this.files, () => this.nextMessageId());
    this.methods = this.methodTable();

    const api = /^\/bot(?<token>[^/]+)\/(?<method>[A-Za-z]+)$/;
    this.route('POST', api, (context) => this.call(context));
    this.route('GET', api, (context) => this.call(context));
    this.route('GET', /^\/file\/bot(?<token>[^/]+)\/(?<filePath>.+)$/, (context) =>
      this.download(context),
    );
  }

  /** What the bot sent, oldest first. */
  get sent(): SentMessage[] {
    return this.outbox.sent;
  }

  /** The `apiRoot` option of the Telegram SDK. */
  get apiRoot(): string {
    return this.url;
  }

  /** Queues a private-chat text message from a user, as if they had written to the bot. */
  pushMessage(options: PushMessageOptions): TelegramUpdate {
    const chatId = options.chatId ?? 1001;
    const from: TelegramUser = {
      id: chatId,
      is_bot: false,
      first_name: 'Tess',
      username: 'tess_tester',
      language_code: 'en',
      ...options.from,
    };
    const chat: TelegramChat = { id: chatId, type: 'private', first_name: from.first_name };
    if (from.username !== undefined) chat.username = from.username;
    const command = /^\/\w+/.exec(options.text)?.[0];

    const message: TelegramMessage = {
      message_id: this.nextMessageId(),
      from,
      chat,
      date: Math.floor(Date.now() / 1000),
      text: options.text,
      ...(command
        ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] }
        : {}),
    };
    return this.updates.push({ message });
  }

  /** Queues any update (a callback query, an edited message, ...); the id is assigned here. */
  pushUpdate(update: Omit<TelegramUpdate, 'update_id'>): TelegramUpdate {
    return this.updates.push(update);
  }

  /** Stores a file as if a user had sent it, so a pushed message can carry its file_id. */
  plantFile(
    kind: string,
    bytes: Buffer,
    meta: { filename?: string; contentType?: string } = {},
  ): StoredFile {
    return this.files.add(kind, bytes, meta);
  }

  file(fileId: string): StoredFile | undefined {
    return this.files.byId(fileId);
  }

  get pendingUpdates(): TelegramUpdate[] {
    return this.updates.pending;
  }

  /**
   * Plays Telegram's side of a webhook: POSTs each pending update, in order, to the registered URL
   * with the secret-token header. An update the receiver accepted (2xx) is forgotten; delivery
   * stops at the first refusal and that update stays pending, as Telegram would retry it.
   */
  deliverToWebhook(): Promise<WebhookDelivery[]> {
    if (!this.webhook) throw new Error('no webhook is set; the bot has to call setWebhook first');
    return deliverUpdates(this.webhook, this.updates);
  }

  override clear(): void {
    super.clear();
    this.sent.length = 0;
    this.webhook = undefined;
    this.updates.clear();
    this.files.clear();
  }

  protected errorBody(status: number, retryAfter?: number): unknown {
    if (status === 429) {
      const wait = retryAfter ?? 1;
      return {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${wait}`,
        parameters: { retry_after: wait },
      };
    }
    return { ok: false, error_code: status, description: describeStatus(status) };
  }

  private async call({ request, params, signal }: HandlerContext): Promise<FakeResponse> {
    const tokenError = this.checkToken(params.token);
    if (tokenError) return tokenError;
    const handler = this.methods[params.method ?? ''];
    if (!handler) return apiError(404, 'Not Found');
    return handler(paramsOf(request), request, signal);
  }

  private methodTable(): Record<string, MethodHandler> {
    const table: Record<string, MethodHandler> = {
      getMe: () => ok(this.bot),
      getUpdates: (params, _request, signal) => this.getUpdates(params, signal),
      setWebhook: (params) => this.setWebhook(params),
      deleteWebhook: (params) => {
        if (params.drop_pending_updates === true || params.drop_pending_updates === 'true') {
          this.updates.clear();
        }
        this.webhook = undefined;
        return ok(true, 'Webhook was deleted');
      },
      getWebhookInfo: () =>
        ok({
          url: this.webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: this.updates.pending.length,
        }),
      sendMessage: (params) => this.outbox.sendMessage(params),
      getFile: (params) => this.outbox.getFile(params),
    };
    for (const [method, kind] of Object.entries(MEDIA_METHODS)) {
      table[method] = (params, request) => this.outbox.sendMedia(method, kind, params, request);
    }
    for (const method of ALWAYS_TRUE) table[method] = () => ok(true);
    return table;
  }

  private async getUpdates(params: Record<string, unknown>, signal: AbortSignal) {
    if (this.webhook) {
      const description =
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook first";
      return apiError(409, description);
    }
    this.updates.confirm(toInt(params.offset));
    await this.updates.waitForUpdate(toInt(params.timeout) ?? 0, signal);
    return ok(this.updates.peek(toInt(params.limit) ?? 100));
  }

  private setWebhook(params: Record<string, unknown>): FakeResponse {
    const url = toText(params.url) ?? '';
    const secretToken = toText(params.secret_token);
    if (secretToken !== undefined && !SECRET_TOKEN.test(secretToken)) {
      return apiError(400, 'Bad Request: secret token contains unallowed characters');
    }
    if (url === '') {
      this.webhook = undefined;
      return ok(true, 'Webhook was deleted');
    }
    if (!/^https?:\/\//.test(url)) return apiError(400, 'Bad Request: bad webhook: invalid URL');

    if (params.drop_pending_updates === true || params.drop_pending_updates === 'true') {
      this.updates.clear();
    }
    this.webhook = { url, params, ...(secretToken !== undefined ? { secretToken } : {}) };
    return ok(true, 'Webhook was set');
  }

  private download({ params }: HandlerContext): FakeResponse {
    const file = params.token === this.token ? this.files.byPath(params.filePath ?? '') : undefined;
    if (!file) return apiError(404, 'Not Found');
    return {
      status: 200,
      headers: { 'content-type': file.contentType ?? 'application/octet-stream' },
      body: file.bytes,
    };
  }

  private nextMessageId(): number {
    this.messageCount += 1;
    return this.messageCount;
  }

  /** A well-formed token that is not ours is 401; a malformed one is an unknown path, 404. */
  private checkToken(token: string | undefined): FakeResponse | undefined {
    if (token === this.token) return undefined;
    if (token !== undefined && /^\d+:[\w-]+$/.test(token)) return apiError(401, 'Unauthorized');
    return apiError(404, 'Not Found');
  }
}
