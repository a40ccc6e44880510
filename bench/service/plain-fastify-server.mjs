// The baseline the exported service is held to: one Fastify route with a JSON Schema body,
// doing the pipeline's work inline (fill the template) and answering JSON.
//
// With LOG_REQUESTS=1 it also logs as the exported service must: pino writing one JSON line per
// request to stdout (the bench sends it to /dev/null). Fastify's own request logging writes two
// lines, so it is off and one onResponse hook writes the single line with the service's fields.
import Fastify, { LogController } from 'fastify';
import { pino } from 'pino';

const logged = process.env.LOG_REQUESTS === '1';
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
  async (request) => ({ greeting: `Hello, ${request.body.name}!` }),
);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
