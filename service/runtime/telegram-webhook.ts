import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { JsonSchema } from '../../engine/index.ts';
import { CONTRACT_ROUTES, TELEGRAM_SECRET_HEADER } from '../contract/routes.ts';
import { sameSecret } from './auth.ts';
import { problem, sendProblem } from './problem.ts';
import type { RunRegistry } from './run-registry.ts';

export interface TelegramWebhookOptions {
  registry: RunRegistry;
  updateSchema: JsonSchema;
  /** The secret given to setWebhook; without one the webhook takes nothing. */
  secret: string | undefined;
}

/**
 * Where Telegram posts updates when the pipeline starts with a Telegram trigger. The answer is
 * immediate: the run (a render may take minutes) replies in the chat by itself, and Telegram
 * would re-send an update it waited too long for. A re-sent update id that is still remembered
 * starts nothing a second time.
 */
export function registerTelegramWebhook(
  app: FastifyInstance,
  options: TelegramWebhookOptions,
): void {
  const seen = new RecentIds(10_000);

  app.post(
    CONTRACT_ROUTES.telegramWebhook.path,
    { schema: { body: options.updateSchema }, onRequest: secretGuard(options.secret) },
    async (request) => {
      const update = request.body as { update_id: number };
      if (seen.has(update.update_id)) return { ok: true };

      const run = options.registry.submit({ trigger: update, source: 'telegram' });
      seen.add(update.update_id);
      request.log.info({ runId: run.id, updateId: update.update_id }, 'telegram update accepted');
      return { ok: true };
    },
  );
}

function secretGuard(secret: string | undefined): onRequestHookHandler {
  return (request, reply, done) => {
    if (!secret) {
      void sendProblem(
        reply,
        problem(
          503,
          'TELEGRAM_NOT_CONFIGURED',
          'The webhook takes no updates until TELEGRAM_WEBHOOK_SECRET is set.',
          { fault: 'operational', transient: true },
        ),
        { 'retry-after': '60' },
      );
      return;
    }
    const given = request.headers[TELEGRAM_SECRET_HEADER.toLowerCase()];
    if (typeof given === 'string' && sameSecret(given, secret)) return done();
    void sendProblem(
      reply,
      problem(
        401,
        'TELEGRAM_SECRET_INVALID',
        `The ${TELEGRAM_SECRET_HEADER} header is missing or wrong.`,
        { fault: 'user', transient: false },
      ),
    );
  };
}

/** A bounded set of the latest ids, oldest forgotten first. */
class RecentIds {
  private readonly ids = new Set<number>();

  constructor(private readonly limit: number) {}

  has(id: number): boolean {
    return this.ids.has(id);
  }

  add(id: number): void {
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value!);
  }
}
