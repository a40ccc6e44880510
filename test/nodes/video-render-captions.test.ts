import { describe, expect, it } from 'vitest';
import { assDocument, charsPerLine } from '../../nodes/video-render/ass-captions.ts';
import { captionSegments, timeCaptions } from '../../nodes/video-render/caption-timing.ts';
import { parsePauses } from '../../nodes/video-render/narration-pauses.ts';
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

  it('moves each change of caption to the pause in the narration nearest its share', () => {
    const segments = [
      { caption: 'One', weight: 40 },
      { caption: 'Two', weight: 40 },
      { caption: 'Three', weight: 40 },
    ];
    // The shares put the changes at 4 s and 8 s; the voice paused at 3.4-3.8 s and 7.1-7.5 s.
    const pauses = [
      { start: 3.4, end: 3.8 },
      { start: 7.1, end: 7.5 },
    ];
    const cues = timeCaptions(segments, 12, 1000, pauses);

    const times = cues.flatMap((cue) => [cue.start, cue.end]);
    [0, 3.6, 3.6, 7.3, 7.3, 12].forEach((want, index) => expect(times[index]).toBeCloseTo(want, 9));
  });

  it('prefers a sentence pause to a nearer short one, and leaves a change with none in reach', () => {
    const segments = [
      { caption: 'One', weight: 50 },
      { caption: 'Two', weight: 50 },
      { caption: 'Three', weight: 50 },
    ];
    // The first change is due at 3 s: a sentence's 0.34 s pause 0.6 s before it wins over a
    // comma's 0.15 s pause 0.35 s after it. Nothing is near the second, due at 6 s.
    const pauses = [
      { start: 2.23, end: 2.57 },
      { start: 3.275, end: 3.425 },
    ];
    const [, second, third] = timeCaptions(segments, 9, 1000, pauses);

    expect(second!.start).toBeCloseTo(2.4, 9);
    expect(third!.start).toBe(6);
  });

  it('spreads the parts of a long caption over its scene once the scene has moved', () => {
    const segments = [
      { caption: 'alpha beta gamma delta', weight: 50 },
      { caption: 'Last', weight: 50 },
    ];
    const cues = timeCaptions(segments, 10, 12, [{ start: 3.8, end: 4.2 }]);

    expect(cues.map((cue) => cue.text)).toEqual(['alpha beta', 'gamma delta', 'Last']);
    expect(cues[1]!.end).toBe(4);
    expect(cues[0]!.end).toBeCloseTo((4 * 10) / 21, 9);
  });

  it("pairs silencedetect's starts and ends, leaving out quiet that runs to the end", () => {
    const lines = [
      'frame:38   pts:77824   pts_time:3.52943',
      'lavfi.silence_start=3.4556',
      'lavfi.silence_end=3.79043',
      'lavfi.silence_duration=0.33483',
      'lavfi.silence_start=-0.0012',
      'lavfi.silence_end=0.2',
      'lavfi.silence_start=12.19',
    ];

    expect(parsePauses(lines)).toEqual([
      { start: 3.4556, end: 3.79043 },
      { start: 0, end: 0.2 },
    ]);
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
