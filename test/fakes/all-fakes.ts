import { ElevenLabsFake } from './elevenlabs-fake.ts';
import { OpenAIFake } from './openai-fake.ts';
import { TelegramFake } from './telegram-fake.ts';

/** The variables the CLI and the nodes read to find the three services. */
export interface FakeEnvironment {
  OPENAI_API_KEY: string;
  OPENAI_BASE_URL: string;
  ELEVENLABS_API_KEY: string;
  ELEVENLABS_BASE_URL: string;
  TELEGRAM_BOT_TOKEN: string;
  TELEGRAM_API_ROOT: string;
}

export interface RunningFakes {
  openai: OpenAIFake;
  elevenlabs: ElevenLabsFake;
  telegram: TelegramFake;
  env: FakeEnvironment;
  stop(): Promise<void>;
}

/**
 * Starts all three fakes. With `basePort` they listen on it and the next two ports, so a person
 * can restart them without re-exporting the environment; without it the ports are free ones.
 */
export async function startAllFakes(options: { basePort?: number } = {}): Promise<RunningFakes> {
  const openai = new OpenAIFake();
  const elevenlabs = new ElevenLabsFake();
  const telegram = new TelegramFake();
  const port = (offset: number): number =>
    options.basePort === undefined ? 0 : options.basePort + offset;

  await Promise.all([openai.start(port(0)), elevenlabs.start(port(1)), telegram.start(port(2))]);
  return {
    openai,
    elevenlabs,
    telegram,
    env: {
      OPENAI_API_KEY: openai.apiKey,
      OPENAI_BASE_URL: openai.baseURL,
      ELEVENLABS_API_KEY: elevenlabs.apiKey,
      ELEVENLABS_BASE_URL: elevenlabs.url,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    },
    stop: async () => {
      await Promise.all([openai.stop(), elevenlabs.stop(), telegram.stop()]);
    },
  };
}
