export { startAllFakes } from './all-fakes.ts';
export type { FakeEnvironment, RunningFakes } from './all-fakes.ts';
export { ElevenLabsFake, DEFAULT_VOICES } from './elevenlabs-fake.ts';
export type { ElevenLabsFakeOptions, FakeVoice, SpeechRequest } from './elevenlabs-fake.ts';
export { FakeServer } from './fake-server.ts';
export type { HandlerContext, RecordedRequest, RouteHandler } from './fake-server.ts';
export type { FakeResponse } from './fake-response.ts';
export type {
  CutOffOptions,
  FailOptions,
  FaultFilter,
  SlowOptions,
  StallOptions,
} from './fault-queue.ts';
export { OpenAIFake } from './openai-fake.ts';
export type { ChatReply, ChatRequest, OpenAIFakeOptions } from './openai-fake.ts';
export { probeMedia } from './probe-media.ts';
export type { MediaProbe } from './probe-media.ts';
export type { RecordedPart } from './request-body.ts';
export { sampleFromSchema } from './schema-sample.ts';
export { TelegramFake } from './telegram-fake.ts';
export type {
  PushMessageOptions,
  SentMessage,
  StoredFile,
  TelegramChat,
  TelegramFakeOptions,
  TelegramMessage,
  TelegramUpdate,
  TelegramUser,
  WebhookDelivery,
  WebhookRegistration,
} from './telegram-fake.ts';
