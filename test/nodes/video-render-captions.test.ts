import { describe, expect, it } from 'vitest';
import { assDocument, charsPerLine } from '../../nodes/video-render/ass-captions.ts';
import { captionSegments, timeCaptions } from '../../nodes/video-render/caption-timing.ts';
import { renderSettings } from '../../nodes/video-render/render-settings.ts';

const where = { nodeId: 'render', title: 'Video render' };
const defaults = renderSettings.parse({});

describe('caption timing', () => {
  it("splits the narration's duration across scenes in proportion to their narration", () => {
    const script = {
      title: 'Lighthouses',
      scenes: [
        { narration: 'x'.repeat(300), caption: 'First' },
        { narration: 'x'.repeat(100), caption: 'Second' },
      ],
    };
    const cues = timeCaptions(captionSegments(script, undefined, where), 20, 1000);

    expect(cues).toEqual([
      { start: 0, end: 15, text: 'First' },
      { start: 15, end: 20, text: 'Second' },
    ]);
  });

  it("shows a scene's narration when it has no caption, and nothing for an empty caption", () => {
    const script = {
      scenes: [
        { narration: 'Spoken and shown.' },
        { narration: 'Spoken only.', caption: '' },
        { narration: 'Last.', caption: 'Shown last' },
      ],
    };
    const cues = timeCaptions(captionSegments(script, undefined, where), 10, 1000);

    expect(cues.map((cue) => cue.text)).toEqual(['Spoken and shown.', 'Shown last']);
    expect(cues[1]!.end).toBe(10);
    expect(cues[1]!.start).toBeGreaterThan(cues[0]!.end);
  });

  it('splits plain text into sentences, each timed by its length', () => {
    const text = 'One short line. A second sentence that is much longer than the first!\nThird?';
    const cues = timeCaptions(captionSegments(undefined, text, where), 9, 1000);

    expect(cues.map((cue) => cue.text)).toEqual([
      'One short line.',
      'A second sentence that is much longer than the first!',
      'Third?',
    ]);
    const lengths = cues.map((cue) => cue.end - cue.start);
    expect(lengths[1]! / lengths[0]!).toBeCloseTo(53 / 15, 5);
    expect(cues.at(-1)!.end).toBeCloseTo(9, 9);
  });

  it('prefers the script to plain text, and reads a script given as a string as text', () => {
    const script = { scenes: [{ narration: 'From the script.' }] };
    expect(captionSegments(script, 'From the text.', where)).toEqual([
      { caption: 'From the script.', weight: 16 },
    ]);
    expect(captionSegments('A string. Two.', undefined, where)).toHaveLength(2);
  });

  it('cuts a caption longer than the limit at word boundaries into parts that share its time', () => {
    const words = 'alpha beta gamma delta epsilon zeta eta theta';
    const cues = timeCaptions([{ caption: words, weight: 100 }], 10, 20);

    expect(cues.map((cue) => cue.text)).toEqual([
      'alpha beta gamma',
      'delta epsilon zeta',
      'eta theta',
    ]);
    expect(cues.every((cue) => cue.text.length <= 20)).toBe(true);
    expect(cues.at(-1)!.end).toBeCloseTo(10, 9);
    expect(cues[1]!.start).toBe(cues[0]!.end);
  });

  it('fits about as many characters on a line as the frame is wide', () => {
    expect(charsPerLine(defaults)).toBe(Math.floor((1280 - 96) / (48 * 0.55)));
    expect(charsPerLine({ ...defaults, width: 640 })).toBeLessThan(charsPerLine(defaults));
  });

  it('names the scene that is wrong in a script', () => {
    const script = { scenes: [{ narration: 'Fine.' }, { narration: 42 }] };

    expect(() => captionSegments(script, undefined, where)).toThrow(
      expect.objectContaining({
        code: 'SCRIPT_INVALID',
        details: { nodeId: 'render', field: 'script', path: 'scenes[1]' },
      }),
    );
    expect(() => captionSegments({ title: 'No scenes' }, undefined, where)).toThrow(
      /Node "render" \(Video render\): the script input has no list of scenes/,
    );
  });
});

describe('ASS captions', () => {
  const cue = (text: string) => [{ start: 1.006, end: 62.5, text }];

  it('sizes the script to the frame and places the style where the settings say', () => {
    const document = assDocument(cue('Hello'), {
      ...defaults,
      width: 640,
      height: 360,
      captionPosition: 'top',
      captionColour: '#ff8000',
    });

    expect(document).toContain('PlayResX: 640\nPlayResY: 360');
    // Colours are &HAABBGGRR; alignment 8 is top centre.
    expect(document).toMatch(/^Style: Caption,DejaVu Sans,48,&H000080FF,.*,8,48,48,48,1$/m);
    expect(document).toContain('Dialogue: 0,0:00:01.01,0:01:02.50,Caption,,0,0,0,,Hello');
  });

  it('keeps braces and backslashes in caption text literal', () => {
    const document = assDocument(cue('a {\\b1} b \\N c'), defaults);
    const text = document.split('Caption,,0,0,0,,')[1]!.trim();

    expect(text).toBe('a \\{\\\u2060b1\\} b \\\u2060N c');
    expect(text).not.toMatch(/\\[Nnh]/);
  });
});
