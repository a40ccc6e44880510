import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { BodyFault } from './fault-queue.ts';

/** What a fake's route handler answers; the server turns it into bytes on the wire. */
export type FakeResponse =
  | { status: number; headers?: Record<string, string>; json: unknown }
  | { status: number; headers?: Record<string, string>; body: Buffer | string }
  /** Sent with chunked transfer encoding, one write per chunk. */
  | { status: number; headers?: Record<string, string>; chunks: AsyncIterable<Buffer | string> };

type CutPlan = Extract<BodyFault, { kind: 'cutOff' }>;
type StallPlan = Extract<BodyFault, { kind: 'stall' }>;

export async function writeResponse(
  res: ServerResponse,
  response: FakeResponse,
  fault?: BodyFault,
): Promise<void> {
  const cut = fault?.kind === 'cutOff' ? fault : undefined;
  const stall = fault?.kind === 'stall' ? fault : undefined;
  if ('chunks' in response) {
    const chunks = stall ? stalling(response.chunks, stall, res) : response.chunks;
    await writeChunks(res, response.status, response.headers ?? {}, chunks, cut);
    return;
  }

  const isJson = 'json' in response;
  const body = Buffer.from(isJson ? JSON.stringify(response.json) : response.body);
  const headers = {
    ...(isJson ? { 'content-type': 'application/json' } : {}),
    ...response.headers,
    'content-length': String(body.length),
  };
  res.writeHead(response.status, headers);
  if (stall) {
    res.write(body.subarray(0, stall.afterBytes));
    await untilResumed(res, stall);
    res.end(body.subarray(stall.afterBytes));
    return;
  }
  if (!cut) {
    res.end(body);
    return;
  }
  await dropAfter(res, body.subarray(0, cut.afterBytes ?? Math.floor(body.length / 2)));
}

/** Passes the chunks on, holding back all that follows the first `afterBytes` until resumed. */
async function* stalling(
  chunks: AsyncIterable<Buffer | string>,
  stall: StallPlan,
  res: ServerResponse,
): AsyncIterable<Buffer> {
  let sent = 0;
  let resumed = false;
  for await (const piece of chunks) {
    const chunk = Buffer.from(piece);
    if (resumed || sent + chunk.length < stall.afterBytes) {
      sent += chunk.length;
      yield chunk;
      continue;
    }
    const head = chunk.subarray(0, stall.afterBytes - sent);
    if (head.length > 0) yield head;
    await untilResumed(res, stall);
    resumed = true;
    sent += chunk.length;
    if (head.length < chunk.length) yield chunk.subarray(head.length);
  }
}

function untilResumed(res: ServerResponse, stall: StallPlan): Promise<unknown> {
  if (res.destroyed) return Promise.resolve();
  return Promise.race([stall.resumed, once(res, 'close')]);
}

async function writeChunks(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  chunks: AsyncIterable<Buffer | string>,
  cut: CutPlan | undefined,
): Promise<void> {
  res.writeHead(status, headers);
  let budget = cut?.afterBytes ?? Number.POSITIVE_INFINITY;
  let index = 0;

  for await (const piece of chunks) {
    if (res.destroyed) return;
    const chunk = Buffer.from(piece);
    // Without a byte budget a cut-off stream lets exactly its first chunk through.
    if (cut && cut.afterBytes === undefined && index === 1) budget = 0;
    if (cut && chunk.length > budget) {
      await dropAfter(res, chunk.subarray(0, budget));
      return;
    }
    budget -= chunk.length;
    index += 1;
    if (!res.write(chunk)) await waitForDrain(res);
    // Yield so that each chunk leaves as its own write, as a real streaming server's would.
    await nextTurn();
  }
  if (cut) {
    await dropAfter(res, Buffer.alloc(0));
    return;
  }
  res.end();
}

/** Send what is left of the budget, then destroy the socket without finishing the response. */
function dropAfter(res: ServerResponse, lastBytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const drop = (): void => {
      res.socket?.destroy();
      resolve();
    };
    if (lastBytes.length === 0 && res.headersSent) {
      drop();
      return;
    }
    res.write(lastBytes, drop);
  });
}

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
