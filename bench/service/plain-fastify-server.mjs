// The baseline the exported service is held to: one Fastify route with a JSON Schema body,
// doing the pipeline's work inline (fill the template) and answering JSON.
//
// With LOG_REQUESTS=1 it also logs a line per request as the exported service does: pino writing
// JSON to stdout (the bench sends it to /dev/null). Fastify's own request logging writes two
// lines, so it is off and one onResponse hook writes the single line with the service's fields.
// With LOG_RUNS=1 as well, each request also writes the line the service writes per run: all
// the logging the service must do, and no other work.
import Fastify, { LogController } from 'fastify';
import { pino } from 'pino';

const logged = process.env.LOG_REQUESTS === '1';
const runLines = logged && process.env.LOG_RUNS === '1';
let runs = 0;
const app = logged
  ? Fastify({
      loggerInstance: pino({ level: 'info' }),
      logController: new LogController({ disableRequestLogging: true }),
    })
  : Fastify();

if (logged) {
  app.addHook('onResponse', (request, reply, done) => {
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    request.log.info(
      { method: request.method, url: request.url, status: reply.statusCode, ms },
      'request',
    );
    done();
  });
}
app.get('/health', async () => ({ status: 'ok' }));
app.post(
  '/run',
  {
    schema: {
      body: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' } },
        additionalProperties: false,
      },
    },
  },
  async (request) => {
    const greeting = `Hello, ${request.body.name}!`;
    if (runLines) {
      runs += 1;
      const runId = `run_${runs.toString(16).padStart(20, '0')}`;
      app.log.info(
        { runId, source: 'http', state: 'succeeded', durationMs: 0, costUsd: 0 },
        'run finished',
      );
    }
    return { greeting };
  },
);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
