// The baseline with no framework: node:http doing the work of the exported pipeline by hand
// (parse the JSON body, check the one field, fill the template).
import { createServer } from 'node:http';

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/health') {
    response.writeHead(200, { 'content-type': 'application/json' });
    return response.end('{"status":"ok"}');
  }
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    let input;
    try {
      input = JSON.parse(body);
    } catch {
      response.writeHead(400);
      return response.end();
    }
    if (typeof input?.name !== 'string') {
      response.writeHead(400);
      return response.end();
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ greeting: `Hello, ${input.name}!` }));
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
