import { describe, expect, it } from 'vitest';
import { detectOutline } from '@/utils/outline';

const article = (title: string, headings: string[]) =>
  `<article><h1>${title}</h1><p>${'An opening paragraph that sets the scene for the reader. '.repeat(3)}</p>` +
  headings.map((h, i) => `<h2>${h}</h2><p>${`Paragraph ${i} explains ${h.toLowerCase()} in some detail for the reader. `.repeat(4)}</p>`).join('') +
  '</article>';

describe('title when the document title is only the site or app name', () => {
  it("takes the article's opening h1, not the banner heading that repeats the document title", () => {
    document.documentElement.innerHTML = `<head><title>Reader app</title></head><body>
      <header><h2>Reader app</h2><nav><a href="/">Home</a></nav></header>
      <main>${article('First Story', ['Alpha section', 'Beta section'])}</main></body>`;
    const o = detectOutline(document);
    expect(o.title).toBe('First Story');
    expect(o.sections.map((s) => s.heading)).toEqual(['', 'Alpha section', 'Beta section']);
  });

  it('keeps a banner match when the article does not open with an h1', () => {
    document.documentElement.innerHTML = `<head><title>Field Notes</title></head><body>
      <header><h1>Field Notes</h1></header>
      <main><article><p>${'The article starts straight away with prose and no heading of its own. '.repeat(3)}</p>
      <h2>Morning</h2><p>${'Words about the morning walk along the river bank. '.repeat(4)}</p>
      <h2>Evening</h2><p>${'Words about the evening light over the fields. '.repeat(4)}</p></article></main></body>`;
    const o = detectOutline(document);
    expect(o.title).toBe('Field Notes');
    expect(o.sections.map((s) => s.heading)).toEqual(['', 'Morning', 'Evening']);
  });
});
