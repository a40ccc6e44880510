// The plain Fastify baseline with the logging the exported service must do: pino writing one
// JSON line per request to stdout, as the service does (the bench sends both to /dev/null).
// Fastify's own request logging writes two lines, so it is off and one onResponse hook writes
// the single line, with the fields the service's line has.
import Fastify, { LogController } from 'fastify';
import { pino } from 'pino';

const app = Fastify({
  loggerInstance: pino({ level: 'info' }),
  logController: new LogController({ disableRequestLogging: true }),
});
app.addHook('onResponse', (request, reply, done) => {
  const ms = Math.round(reply.elapsedTime * 10) / 10;
  request.log.info(
    { method: request.method, url: request.url, status: reply.statusCode, ms },
    'request',
  );
  done();
});
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
