/**
 * Runs the three loopback fakes by hand:
 *
 *     npx tsx test/fakes/start.ts [--port 47100]
 *
 * It prints the `export` lines that point the CLI at them, then reads stdin: each line becomes a
 * Telegram message to the bot (delivered to its webhook when one is set), `/chat <id>` switches
 * the sending chat, and `/fail`, `/slow` and `/cutoff` make a fake misbehave (`/help` lists them;
 * see hand-commands.ts). What the bot sends back and every request the fakes receive are printed.
 * Ctrl-C stops; the fakes keep running when stdin is closed, so it also works in the background.
 */
import { createInterface } from 'node:readline';
import { startAllFakes } from './all-fakes.ts';
import { handCommand } from './hand-commands.ts';
import type { RunningFakes } from './all-fakes.ts';
import type { FakeServer } from './fake-server.ts';

const fakes = await startAllFakes({ basePort: portArgument() });
let chatId = 1001;

console.log('# Pipewright loopback fakes are running. Paste these into your shell:');
for (const [name, value] of Object.entries(fakes.env)) console.log(`export ${name}=${value}`);
console.log('#');
console.log(`# Type a line to send it to the bot as a Telegram message from chat ${chatId}.`);
console.log(
  '# "/chat <id>" switches the chat; "/help" lists the faults you can inject. Ctrl-C stops.',
);

const timer = setInterval(() => reportActivity(fakes), 200);
createInterface({ input: process.stdin }).on('line', (line) => void onLine(line.trim()));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearInterval(timer);
    void fakes.stop().then(() => process.exit(0));
  });
}

async function onLine(line: string): Promise<void> {
  if (line === '') return;
  const switchChat = /^\/chat\s+(-?\d+)$/.exec(line);
  if (switchChat) {
    chatId = Number(switchChat[1]);
    console.log(`# now sending from chat ${chatId}`);
    return;
  }
  const answer = handCommand(line, fakes);
  if (answer) {
    for (const text of answer) console.log(text);
    return;
  }

  const update = fakes.telegram.pushMessage({ chatId, text: line });
  if (!fakes.telegram.webhook) {
    console.log(`# queued update ${update.update_id} for getUpdates`);
    return;
  }
  try {
    const deliveries = await fakes.telegram.deliverToWebhook();
    for (const { updateId, status } of deliveries) {
      console.log(`# webhook answered ${status} to update ${updateId}`);
    }
  } catch (error) {
    console.log(`# webhook delivery failed: ${error instanceof Error ? error.message : error}`);
  }
}

const seen = new Map<FakeServer, number>();
let sentSeen = 0;

function reportActivity({ openai, elevenlabs, telegram }: RunningFakes): void {
  const servers: [string, FakeServer][] = [
    ['openai', openai],
    ['elevenlabs', elevenlabs],
    ['telegram', telegram],
  ];
  for (const [name, server] of servers) {
    const from = seen.get(server) ?? 0;
    for (const request of server.requests.slice(from)) {
      const fault = request.fault ? ` (fault: ${request.fault})` : '';
      console.log(`[${name}] ${request.method} ${request.path}${fault}`);
    }
    seen.set(server, server.requests.length);
  }

  for (const sent of telegram.sent.slice(sentSeen)) {
    const words = sent.text ?? sent.caption;
    const what = words ? `: ${words}` : '';
    const file = sent.file ? ` [${sent.file.field}: ${sent.file.bytes.length} bytes]` : '';
    console.log(`[bot -> chat ${sent.chatId}] ${sent.method}${what}${file}`);
  }
  sentSeen = telegram.sent.length;
}

function portArgument(): number | undefined {
  const index = process.argv.indexOf('--port');
  if (index === -1) return undefined;
  const port = Number(process.argv[index + 1]);
  if (!Number.isInteger(port) || port <= 0 || port > 65_533) {
    throw new Error('--port needs a number from 1 to 65533');
  }
  return port;
}
