import type { FakeResponse } from './fake-response.ts';
import { FakeServer } from './fake-server.ts';
import type { HandlerContext, RecordedRequest } from './fake-server.ts';
import { parseOutputFormat, SpeechSynth } from './speech-synth.ts';
import type { AudioFormat } from './speech-synth.ts';

export interface FakeVoice {
  voice_id: string;
  name: string;
  /** The espeak-ng voice that speaks for it, e.g. `en-us+f3`. */
  espeak: string;
  labels?: Record<string, string>;
}

export interface ElevenLabsFakeOptions {
  /** The only key accepted in the `xi-api-key` header. */
  apiKey?: string;
  /** Replaces the default voices. */
  voices?: FakeVoice[];
  /** Bytes per write of the audio body; small values give a client many chunks. */
  chunkSize?: number;
}

/** One text-to-speech call as the fake understood it. */
export interface SpeechRequest {
  voiceId: string;
  text: string;
  modelId?: string;
  outputFormat: string;
  /** True for the `/stream` endpoint. */
  stream: boolean;
  body: Record<string, unknown>;
}

/** Premade voice ids that ElevenLabs documents, so configs written for the real API work here. */
export const DEFAULT_VOICES: FakeVoice[] = [
  {
    voice_id: '21m00Tcm4TlvDq8ikWAM',
    name: 'Rachel',
    espeak: 'en-us+f3',
    labels: { accent: 'american', gender: 'female', use_case: 'narration' },
  },
  {
    voice_id: 'pNInz6obpgDQGcFmaJgB',
    name: 'Adam',
    espeak: 'en-us+m3',
    labels: { accent: 'american', gender: 'male', use_case: 'narration' },
  },
  {
    voice_id: 'JBFqnCBsd6RMkjVDRZzb',
    name: 'George',
    espeak: 'en-gb+m2',
    labels: { accent: 'british', gender: 'male', use_case: 'narration' },
  },
];

const DEFAULT_FORMAT = 'mp3_44100_128';

/**
 * ElevenLabs text-to-speech on loopback, answering with real speech from espeak-ng. Point the SDK
 * at it with `new ElevenLabsClient({ apiKey: fake.apiKey, baseUrl: fake.url })`.
 */
export class ElevenLabsFake extends FakeServer {
  readonly apiKey: string;
  readonly voices: FakeVoice[];
  private readonly chunkSize: number;
  private readonly synth = new SpeechSynth();
  private speechCount = 0;

  constructor(options: ElevenLabsFakeOptions = {}) {
    super();
    this.apiKey = options.apiKey ?? 'el-fake-elevenlabs-key';
    this.voices = options.voices ?? DEFAULT_VOICES;
    this.chunkSize = options.chunkSize ?? 4096;
    this.route('POST', '/v1/text-to-speech/:voiceId', (context) => this.speak(context, false));
    this.route('POST', '/v1/text-to-speech/:voiceId/stream', (context) =>
      this.speak(context, true),
    );
    this.route('POST', '/v1/text-to-speech/:voiceId/with-timestamps', (context) =>
      this.speakWithTimestamps(context),
    );
    this.route('GET', '/v1/voices', (context) => this.listVoices(context, 'v1'));
    this.route('GET', '/v2/voices', (context) => this.listVoices(context, 'v2'));
    this.route('GET', '/v1/voices/:voiceId', (context) => this.oneVoice(context));
    this.route('GET', '/v1/models', (context) => this.listModels(context));
  }

  /** The text-to-speech calls received so far, including rejected ones with a JSON body. */
  get speechRequests(): SpeechRequest[] {
    return this.requestsTo({ path: /^\/v1\/text-to-speech\//, method: 'POST' }).map(toSpeech);
  }

  protected errorBody(status: number): unknown {
    if (status === 401) return detail('invalid_api_key', 'Invalid API key.');
    if (status === 429) {
      return detail('too_many_concurrent_requests', 'Too many concurrent requests for this plan.');
    }
    if (status >= 500) return detail('internal_error', 'The fake had an internal error.');
    return detail('error', `Request failed with status ${status}.`);
  }

  private async speak({ request, params }: HandlerContext, stream: boolean): Promise<FakeResponse> {
    const checked = this.checkSpeech(request, params.voiceId);
    if ('response' in checked) return checked.response;

    const { text, voice, format } = checked;
    const audio = await this.synth.synthesize(text, voice.espeak, format);
    this.speechCount += 1;
    const headers = {
      'content-type': format.contentType,
      'request-id': `fake-tts-${this.speechCount}`,
      'character-cost': String(text.length),
    };
    return { status: 200, headers, chunks: inChunks(audio, stream ? this.chunkSize : 65_536) };
  }

  /** The checks every text-to-speech route makes, in the order the real API reports them. */
  private checkSpeech(
    request: RecordedRequest,
    voiceId: string | undefined,
  ): { response: FakeResponse } | { text: string; voice: FakeVoice; format: AudioFormat } {
    const denied = this.checkKey(request);
    if (denied) return { response: denied };
    const voice = this.voices.find((candidate) => candidate.voice_id === voiceId);
    if (!voice) {
      const message = `A voice with the voice_id ${voiceId} was not found.`;
      return { response: { status: 404, json: detail('voice_not_found', message) } };
    }
    const invalid = validateSpeech(request);
    if (invalid) return { response: { status: 422, json: { detail: [invalid] } } };
    const format = parseOutputFormat(request.query.output_format ?? DEFAULT_FORMAT);
    if (!format) {
      return {
        response: { status: 422, json: { detail: [badFormat(request.query.output_format)] } },
      };
    }

    const { text } = request.json as { text: string };
    return { text, voice, format };
  }

  /**
   * The JSON variant: base64 audio plus per-character timings. The timings spread the real audio
   * duration evenly over the characters, which is enough to place captions.
   */
  private async speakWithTimestamps({ request, params }: HandlerContext): Promise<FakeResponse> {
    const checked = this.checkSpeech(request, params.voiceId);
    if ('response' in checked) return checked.response;

    const { text, voice, format } = checked;
    const audio = await this.synth.synthesize(text, voice.espeak, format);
    const seconds = await this.synth.duration(text, voice.espeak);
    const alignment = evenAlignment(text, seconds);
    return {
      status: 200,
      json: { audio_base64: audio.toString('base64'), alignment, normalized_alignment: alignment },
    };
  }

  private listVoices({ request }: HandlerContext, version: 'v1' | 'v2'): FakeResponse {
    const denied = this.checkKey(request);
    if (denied) return denied;
    const voices = this.voices.map(voiceObject);
    if (version === 'v1') return { status: 200, json: { voices } };
    return {
      status: 200,
      json: { voices, has_more: false, total_count: voices.length, next_page_token: null },
    };
  }

  private oneVoice({ request, params }: HandlerContext): FakeResponse {
    const denied = this.checkKey(request);
    if (denied) return denied;
    const voice = this.voices.find((candidate) => candidate.voice_id === params.voiceId);
    if (voice) return { status: 200, json: voiceObject(voice) };
    return { status: 404, json: detail('voice_not_found', 'No voice with that id.') };
  }

  private listModels({ request }: HandlerContext): FakeResponse {
    const denied = this.checkKey(request);
    if (denied) return denied;
    const models = ['eleven_multilingual_v2', 'eleven_flash_v2_5', 'eleven_turbo_v2_5'];
    return {
      status: 200,
      json: models.map((id) => ({ model_id: id, name: id, can_do_text_to_speech: true })),
    };
  }

  private checkKey(request: RecordedRequest): FakeResponse | undefined {
    const key = request.headers['xi-api-key'];
    if (key === this.apiKey) return undefined;
    if (key === undefined) {
      return { status: 401, json: detail('needs_authorization', 'No xi-api-key header was sent.') };
    }
    return { status: 401, json: this.errorBody(401) };
  }
}

/** ElevenLabs' own errors are `{ detail: { status, message } }`. */
function detail(status: string, message: string): object {
  return { detail: { status, message } };
}

/** Request validation errors follow FastAPI's list shape, one entry a field. */
function validateSpeech(request: RecordedRequest): object | undefined {
  const body = request.json;
  if (typeof body !== 'object' || body === null) {
    return { type: 'missing', loc: ['body'], msg: 'Field required', input: null };
  }
  if (!('text' in body) || typeof body.text !== 'string') {
    return { type: 'missing', loc: ['body', 'text'], msg: 'Field required', input: body };
  }
  if (body.text.trim() === '') {
    const msg = 'String should have at least 1 character';
    return { type: 'string_too_short', loc: ['body', 'text'], msg, input: body.text };
  }
  return undefined;
}

function badFormat(value: string | undefined): object {
  return {
    type: 'enum',
    loc: ['query', 'output_format'],
    msg: 'Input should be a known output format such as mp3_44100_128 or pcm_16000',
    input: value,
  };
}

function voiceObject(voice: FakeVoice): object {
  return {
    voice_id: voice.voice_id,
    name: voice.name,
    category: 'premade',
    labels: voice.labels ?? {},
    description: `${voice.name}, spoken by espeak-ng in the Pipewright fake.`,
    preview_url: null,
    available_for_tiers: [],
    high_quality_base_model_ids: ['eleven_multilingual_v2'],
  };
}

function toSpeech(request: RecordedRequest): SpeechRequest {
  const body = typeof request.json === 'object' && request.json !== null ? request.json : {};
  const record = body as Record<string, unknown>;
  const segments = request.path.split('/');
  return {
    voiceId: segments[3] ?? '',
    text: typeof record.text === 'string' ? record.text : '',
    ...(typeof record.model_id === 'string' ? { modelId: record.model_id } : {}),
    outputFormat: request.query.output_format ?? DEFAULT_FORMAT,
    stream: segments[4] === 'stream',
    body: record,
  };
}

function evenAlignment(text: string, seconds: number): object {
  const characters = [...text];
  const step = characters.length > 0 ? seconds / characters.length : 0;
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  return {
    characters,
    character_start_times_seconds: characters.map((_, index) => round(index * step)),
    character_end_times_seconds: characters.map((_, index) => round((index + 1) * step)),
  };
}

async function* inChunks(bytes: Buffer, size: number): AsyncIterable<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) {
    yield bytes.subarray(offset, offset + size);
  }
}
