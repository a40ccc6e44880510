import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isRunEnd } from '../../../engine/events.ts';
import type { RunEvent } from '../../../engine/events.ts';
import { EventStream } from '../event-stream.ts';
import { notFound } from '../http-errors.ts';
import { parseBody, parseParam, startRunBody } from '../request-schemas.ts';
import type { RunAction } from '../run-manager.ts';
import { pathOf } from '../security.ts';
import type { StudioDeps } from '../studio-deps.ts';
import type { StartRunRequest } from '../types.ts';

type RunParams = { runId: string };

const historyQuery = z.object({
  workflowId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** Start, watch (server-sent events), cancel, resume and step runs; the run history. */
export function registerRunRoutes(app: FastifyInstance, deps: StudioDeps): void {
  const { runs } = deps;

  app.post('/api/runs', async (request, reply) => {
    const body = parseBody(startRunBody, request.body, 'POST /api/runs');
    const summary = runs.start(body as StartRunRequest);
    return reply.code(201).send(summary);
  });

  app.get('/api/runs', async (request) => {
    const query = parseParam(historyQuery, request.query, 'query');
    return runs.list(query);
  });

  app.get<{ Params: RunParams }>('/api/runs/:runId', async (request) => {
    const detail = await runs.detail(request.params.runId);
    if (!detail) throw notFound(`The run "${request.params.runId}"`, pathOf(request));
    return detail;
  });

  for (const action of ['cancel', 'resume', 'step'] as const satisfies RunAction[]) {
    app.post<{ Params: RunParams }>(`/api/runs/:runId/${action}`, async (request) =>
      runs.control(request.params.runId, action),
    );
  }

  app.get<{ Params: RunParams }>('/api/runs/:runId/events', async (request, reply) => {
    const { runId } = request.params;
    const afterSeq = lastEventId(request.headers['last-event-id']);
    const live = runs.live(runId);
    const past = live ? undefined : await runs.events(runId);
    if (!live && !past) throw notFound(`The run "${runId}"`, pathOf(request));

    reply.hijack();
    let unsubscribe = () => undefined as unknown;
    const stream = new EventStream(reply.raw, () => unsubscribe());
    const send = (event: RunEvent) => {
      stream.send(event, { id: event.seq });
      if (isRunEnd(event)) {
        stream.send({ runId }, { event: 'end' });
        stream.end();
      }
    };

    if (live) {
      unsubscribe = live.subscribe(send, afterSeq);
      if (live.ended && afterSeq >= live.events.at(-1)!.seq) endAtOnce(stream, runId);
      return;
    }
    for (const event of past!) if (event.seq > afterSeq) send(event);
    endAtOnce(stream, runId);
  });
}

/** A reconnecting EventSource sends the id of the last event it saw; replay starts after it. */
function lastEventId(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  const seq = Number(value);
  return value !== undefined && Number.isInteger(seq) ? seq : -1;
}

function endAtOnce(stream: EventStream, runId: string) {
  stream.send({ runId }, { event: 'end' });
  stream.end();
}
