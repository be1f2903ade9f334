import { describe, it, expect } from 'vitest';
import { isWs, normaliseIndexText, normaliseText } from '@/utils/normalise';
// @ts-expect-error: a plain-Node script without type declarations.
import { normaliseText as benchNormalise } from '../bench/outline-corpus.mjs';

// Every kind of whitespace and invisible character the two rules treat.
const SAMPLES = [
  '',
  'plain',
  '  leading and trailing  ',
  'tabs\tand\nnewlines\r\nmixed',
  'no\u00a0break\u2009thin\u3000ideographic\u2028line\u2029para',
  'zero\u200bwidth\u200cjoiner\u200dword\u2060joiner\ufeffbom soft\u00adhyphen',
  '\u200b only invisible \u200b',
  'runs   of    spaces',
  'émigré naïve 中文 текст',
];

describe('text normalisation', () => {
  it('the outline benchmark copy agrees with normaliseText', () => {
    for (const s of SAMPLES) expect(benchNormalise(s), JSON.stringify(s)).toBe(normaliseText(s));
  });

  it('normaliseText drops invisible characters; the index rule keeps them', () => {
    expect(normaliseText('a\u200bb\u00adc')).toBe('abc');
    expect(normaliseIndexText('a\u200bb\u00adc')).toBe('a\u200bb\u00adc');
  });

  it('both collapse every JS whitespace run to one space and trim', () => {
    const s = ' a\u00a0\u00a0b\n\tc\u3000 ';
    expect(normaliseText(s)).toBe('a b c');
    expect(normaliseIndexText(s)).toBe('a b c');
  });

  it('isWs is exactly the set of JS \\s', () => {
    const differ: string[] = [];
    for (let c = 0; c < 0x10000; c++) if (isWs(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c.toString(16));
    expect(differ).toEqual([]);
  });
});
