import { describe, expect, it } from 'vitest';
import { acceptMessage, RefusedError } from '@/utils/background/authority';
import { META, highlight, page } from './store-fixtures';

const BASE = 'chrome-extension://abcdefghijklmnop/';
const popup = { tabId: null, url: `${BASE}popup.html` };
const popupInTab = { tabId: 7, url: `${BASE}popup.html?tabId=3` };
const tab = { tabId: 3, url: `${META.url}#section-2` };
const otherTab = { tabId: 4, url: 'https://evil.example/page' };

const add = { url: META.url, op: { type: 'addHighlight', meta: META, highlight: highlight('a') } };

function refused(type: Parameters<typeof acceptMessage>[0], data: unknown, sender: { tabId: number | null; url: string | null }) {
  try {
    acceptMessage(type, data, sender, BASE);
  } catch (err) {
    expect(err).toBeInstanceOf(RefusedError);
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('least authority in the background', () => {
  it('a content script may add, edit and delete highlights on its own tab’s page', () => {
    expect(acceptMessage('mutatePage', add, tab, BASE).op.type).toBe('addHighlight');
    expect(acceptMessage('mutatePage', { url: META.url, op: { type: 'updateHighlight', id: 'a', patch: { note: 'n' }, at: 5 } }, tab, BASE).op).toEqual({
      type: 'updateHighlight',
      id: 'a',
      patch: { note: 'n' },
      at: 5,
    });
  });

  it('a content script may not touch another page’s notes', () => {
    expect(refused('mutatePage', add, otherTab)).toMatch(/only change that page's own notes/);
    const foreignMeta = { url: META.url, op: { ...add.op, meta: { ...META, url: 'https://evil.example/page' } } };
    expect(refused('mutatePage', foreignMeta, tab)).toMatch(/only change that page's own notes/);
  });

  it('a content script may not import, rename colours, write reflections or delete/restore pages', () => {
    expect(refused('importFile', { text: '{}' }, tab)).toMatch(/may not import files/);
    const labels = { yellow: 'a', green: 'b', blue: 'c', pink: 'd', purple: 'e' };
    expect(refused('setColorLabels', { labels }, tab)).toMatch(/may not rename colours/);
    expect(refused('mutatePage', { url: META.url, op: { type: 'deletePage' } }, tab)).toMatch(/may not deletePage/);
    expect(refused('mutatePage', { url: META.url, op: { type: 'restorePage', page: page() } }, tab)).toMatch(/may not restorePage/);
    const reflect = { type: 'setReflection', meta: META, sectionId: 's', heading: null, text: 'x', sectionHash: null, sectionText: null };
    expect(refused('mutatePage', { url: META.url, op: reflect }, tab)).toMatch(/may not setReflection/);
  });

  it('Gloss’s own pages may do all of it', () => {
    expect(acceptMessage('importFile', { text: '{}' }, popup, BASE).text).toBe('{}');
    expect(acceptMessage('mutatePage', { url: META.url, op: { type: 'deletePage' } }, popupInTab, BASE).op.type).toBe('deletePage');
    expect(acceptMessage('mutatePage', { url: page().url, op: { type: 'restorePage', page: page() } }, popup, BASE).op.type).toBe('restorePage');
  });

  it('every message is validated and refused with the reason', () => {
    expect(refused('mutatePage', { url: META.url, op: { type: 'dropTables' } }, popup)).toMatch(/must be a known change to a page/);
    const bad = { url: META.url, op: { ...add.op, highlight: { ...highlight('a'), color: 'red' } } };
    expect(refused('mutatePage', bad, popup)).toMatch(/op\.highlight\.color must be one of yellow/);
    expect(refused('setColorLabels', { labels: { yellow: 'a' } }, popup)).toMatch(/labels\.green must be text/);
    const restoredElsewhere = { url: 'https://other.example/', op: { type: 'restorePage', page: page() } };
    expect(refused('mutatePage', restoredElsewhere, popup)).toMatch(/must be the page being restored/);
    const proto = { url: META.url, op: { type: 'deleteHighlight', id: '__proto__' } };
    expect(refused('mutatePage', proto, popup)).toMatch(/must not be "__proto__"/);
  });

  it('the parsed data is a fresh object without unknown keys', () => {
    const data = { ...add, extra: 1, op: { ...add.op, evil: true } };
    const out = acceptMessage('mutatePage', data, tab, BASE);
    expect(out).not.toBe(data);
    expect('extra' in out).toBe(false);
    expect('evil' in out.op).toBe(false);
  });
});
