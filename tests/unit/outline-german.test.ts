// Outline detection on our own German essay (tests/fixtures/essay/de-blog-fettgedruckt.html):
// bold-paragraph section headings with umlauts and ß are found, German blog furniture
// (comments heading, sharing, widgets) is not.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { detectOutline } from '@/utils/outline';

const FILE = path.resolve(__dirname, '../fixtures/essay/de-blog-fettgedruckt.html');

describe('a German essay with bold-paragraph headings', () => {
  it('gives the essay\'s own headings, in order, and none of the furniture', () => {
    const truth = JSON.parse(readFileSync(FILE.replace(/\.html$/, '.truth.json'), 'utf8'));
    const doc = new DOMParser().parseFromString(readFileSync(FILE, 'utf8'), 'text/html');
    // The text before the first heading is a section with no heading (the introduction).
    const headings = detectOutline(doc).sections.map((s) => s.heading.trim()).filter(Boolean);
    expect(headings).toEqual(truth.headings);
    for (const h of truth.not_headings) expect(headings).not.toContain(h);
  });
});
