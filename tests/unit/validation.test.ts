import { describe, expect, it } from 'vitest';
import { text } from '../../core/validation.ts';

describe('free text', () => {
  const field = text(100);

  it.each([
    ['a C0 control (bell)', '\u0007'],
    ['a carriage return', '\r'],
    ['a C1 control (CSI)', '\u009B'],
    ['a zero-width space', '\u200B'],
    ['a word joiner', '\u2060'],
    ['the Mongolian vowel separator', '\u180E'],
    ['a bidirectional override', '\u202E'],
    ['a byte-order mark', '\uFEFF'],
    ['a tag character', '\u{E0041}'],
    ['a line separator', '\u2028'],
    ['a paragraph separator', '\u2029'],
    ['a private-use character', '\uE000'],
    ['a lone surrogate', '\uD800'],
    ['an unassigned code point', '\u0378'],
  ])('refuses %s', (_what, character) => {
    const result = field.safeParse(`before${character}after`);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/must not contain/);
  });

  it('keeps tabs, line feeds, accents, other scripts and emoji', () => {
    for (const value of ['a\tb', 'line one\nline two', 'Ça va, Zoë', 'مرحبا', '日本語', '🦄 👍🏽 🇫🇷']) expect(field.parse(value)).toBe(value);
  });
});
