import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** An ElevenLabs `output_format` such as `mp3_44100_128`, `pcm_16000` or `wav_22050`. */
export interface AudioFormat {
  name: string;
  codec: 'mp3' | 'wav' | 'pcm' | 'ulaw' | 'alaw' | 'opus';
  sampleRate: number;
  /** kbit/s, for the compressed codecs. */
  bitrate?: number;
  contentType: string;
}

const CONTENT_TYPES: Record<AudioFormat['codec'], string> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
  ulaw: 'audio/basic',
  alaw: 'audio/alaw',
  opus: 'audio/ogg',
};

export function parseOutputFormat(name: string): AudioFormat | undefined {
  const match = /^(mp3|wav|pcm|ulaw|alaw|opus)_(\d+)(?:_(\d+))?$/.exec(name);
  if (!match) return undefined;
  const codec = match[1] as AudioFormat['codec'];
  const sampleRate = Number(match[2]);
  const bitrate = match[3] === undefined ? undefined : Number(match[3]);
  if ((codec === 'mp3' || codec === 'opus') && bitrate === undefined) return undefined;

  return {
    name,
    codec,
    sampleRate,
    contentType: CONTENT_TYPES[codec],
    ...(bitrate ? { bitrate } : {}),
  };
}

/**
 * Speaks text with espeak-ng and encodes it with ffmpeg, so that the fake hands out real audio
 * whose duration grows with the text. Results are kept per voice, format and text because the
 * same narration is asked for again and again across a test run.
 */
export class SpeechSynth {
  private readonly cache = new Map<string, Promise<Buffer>>();

  synthesize(text: string, espeakVoice: string, format: AudioFormat): Promise<Buffer> {
    const key = JSON.stringify([espeakVoice, format.name, text]);
    const cached = this.cache.get(key);
    if (cached) return cached;

    const made = render(text, espeakVoice, format);
    this.cache.set(key, made);
    made.catch(() => this.cache.delete(key));
    return made;
  }

  /** Seconds of speech, measured on raw 16 kHz 16-bit mono samples (32,000 bytes a second). */
  async duration(text: string, espeakVoice: string): Promise<number> {
    const raw = parseOutputFormat('pcm_16000');
    if (!raw) return 0;
    const samples = await this.synthesize(text, espeakVoice, raw);
    return samples.length / 32_000;
  }
}

async function render(text: string, espeakVoice: string, format: AudioFormat): Promise<Buffer> {
  const folder = await mkdtemp(join(tmpdir(), 'pipewright-speech-'));
  try {
    const speech = join(folder, 'speech.wav');
    const output = join(folder, `out.${format.codec}`);
    await speak(text, espeakVoice, speech);
    await run('ffmpeg', ['-v', 'error', '-y', '-i', speech, ...encoderArgs(format), output]);
    return await readFile(output);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The text goes in on stdin so that no narration can be mistaken for a command-line flag. */
function speak(text: string, voice: string, wavPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('espeak-ng', ['-v', voice, '-w', wavPath, '--stdin'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`espeak-ng exited ${code}: ${stderr}`)),
    );
    child.stdin.end(text);
  });
}

function encoderArgs(format: AudioFormat): string[] {
  const common = ['-ac', '1', '-ar', String(format.sampleRate)];
  switch (format.codec) {
    case 'mp3':
      return [...common, '-c:a', 'libmp3lame', '-b:a', `${format.bitrate}k`, '-f', 'mp3'];
    case 'opus':
      return [...common, '-c:a', 'libopus', '-b:a', `${format.bitrate}k`, '-f', 'ogg'];
    case 'wav':
      return [...common, '-c:a', 'pcm_s16le', '-f', 'wav'];
    case 'pcm':
      return [...common, '-c:a', 'pcm_s16le', '-f', 's16le'];
    case 'ulaw':
      return [...common, '-c:a', 'pcm_mulaw', '-f', 'mulaw'];
    case 'alaw':
      return [...common, '-c:a', 'pcm_alaw', '-f', 'alaw'];
  }
}
