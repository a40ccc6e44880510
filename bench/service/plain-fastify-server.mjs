// The baseline the exported service is held to: one Fastify route with a JSON Schema body,
// doing the pipeline's work inline (fill the template) and answering JSON.
import Fastify from 'fastify';

const app = Fastify();
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
