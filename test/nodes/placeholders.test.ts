import { describe, expect, it } from 'vitest';
import { fillPlaceholders, placeholderNames } from '../../nodes/shared/placeholders.ts';

describe('placeholders', () => {
  it('fill the same text again with other values', () => {
    const text = '{{a}}-{{ b.c }}-{{a}}';
    expect(fillPlaceholders(text, { a: 1, b: { c: 'x' } })).toBe('1-x-1');
    expect(fillPlaceholders(text, { a: 'z', b: { c: [1] } })).toBe('z-[1]-z');
    expect(fillPlaceholders(text, {})).toBe('--');
  });

  it('leave text without placeholders and broken braces as they are', () => {
    expect(fillPlaceholders('no holes here', { a: 1 })).toBe('no holes here');
    expect(fillPlaceholders('{{ 1a }} {a} {{a', { a: 1 })).toBe('{{ 1a }} {a} {{a');
    expect(fillPlaceholders('', {})).toBe('');
  });

  it('read own fields only, never the prototype', () => {
    expect(fillPlaceholders('[{{o.constructor}}][{{o.__proto__}}]', { o: {} })).toBe('[][]');
  });

  it('stay right when more texts pass through than are kept ready', () => {
    for (let index = 0; index < 600; index += 1) {
      expect(fillPlaceholders(`#${index} {{v}}`, { v: index * 2 })).toBe(`#${index} ${index * 2}`);
    }
    expect(placeholderNames('{{b}} {{a.x}} {{b}}')).toEqual(['b', 'a']);
  });
});
