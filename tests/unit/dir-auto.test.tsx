// User text and page text carry dir="auto" where they are shown: a Hebrew heading, quote or
// note in a German or English UI must run right to left on its own, and an English one in
// an Arabic page's journal left to right. Each value below is rendered by the real
// components; every place it appears must sit in an element whose nearest `dir` is "auto"
// and which holds that one value only (a sentence that quotes it counts, since the
// sentence is then isolated as a whole), and every text box holding it must be dir="auto".
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { JournalView } from '@/components/journal/JournalView';
import { journalViewProps } from './journal-fixtures';
import { LibraryApp } from '@/components/library/LibraryApp';
import { PageOverlay, type PageOverlayProps } from '@/components/page/PageOverlay';
import { createShieldedInput } from '@/utils/content/shielded-input';
import { buildJournal } from '@/utils/journal';
import { DEFAULT_COLOR_LABELS, PAGE_REFLECTION_ID, pageKey, type PageRecord } from '@/utils/store/schema';
import { emptySummary } from '@/utils/store/library';
import { makeHighlight, makePage, makeReflection } from './library-fixtures';

// Text written for this test: each value is unique, so where it lands can be told.
const V = {
  title: 'מסה על קריאה איטית',
  heading1: 'פרק ראשון',
  heading2: 'الفصل الثاني',
  quote: 'משפט שסומן בדף',
  note: 'הערה פרטית שלי',
  reflection: 'מחשבה על הפרק הראשון',
  pageReflection: 'تأمل في الصفحة كلها',
  goneHeading: 'פרק שנעלם מהדף',
  goneReflection: 'מחשבה על פרק שנעלם',
  tag: 'לקרוא-שוב',
  error: 'שגיאה מהשרת',
};

function page(): PageRecord {
  return makePage({
    url: 'https://rtl.example/essay',
    title: V.title,
    outline: [
      { id: 's1', level: 2, heading: V.heading1 },
      { id: 's2', level: 2, heading: V.heading2 },
    ],
    highlights: [makeHighlight(V.quote, { note: V.note, section: 's1', heading: V.heading1 })],
    reflections: {
      s1: makeReflection('s1', V.reflection, V.heading1),
      [PAGE_REFLECTION_ID]: makeReflection(PAGE_REFLECTION_ID, V.pageReflection),
      gone: makeReflection('gone', V.goneReflection, V.goneHeading),
    },
    tags: [V.tag],
  });
}

const values = Object.values(V);

/** Where each value appears, and whether each appearance is isolated with dir="auto". */
function check(root: HTMLElement) {
  const found = new Set<string>();
  const bad: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const here = values.filter((v) => n!.textContent!.includes(v));
    for (const v of here) {
      found.add(v);
      const holder = n.parentElement!.closest('[dir]');
      const alone = holder && values.filter((w) => holder.textContent!.includes(w)).length === 1;
      if (holder?.getAttribute('dir') !== 'auto' || !alone) bad.push(`${v} in <${n.parentElement!.tagName.toLowerCase()} class="${n.parentElement!.className}">`);
    }
  }
  for (const field of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('textarea, input')) {
    for (const v of values.filter((w) => field.value.includes(w))) {
      found.add(v);
      if (field.getAttribute('dir') !== 'auto') bad.push(`${v} in <${field.tagName.toLowerCase()} class="${field.className}">`);
    }
  }
  return { found, bad };
}

let root: HTMLElement;
async function mount(node: ComponentChild) {
  root = document.createElement('div');
  document.body.append(root);
  await act(() => render(node, root));
  return root;
}
afterEach(() => {
  render(null, root);
  root.remove();
});

const noop = () => {};

describe('dir="auto" on user text and page text', () => {
  it('the check notices a value shown without dir="auto"', async () => {
    const el = await mount(
      <div>
        <p dir="auto">{V.title}</p>
        <p>{V.note}</p>
        <textarea value={V.reflection} />
      </div>,
    );
    expect(check(el).bad).toEqual([`${V.note} in <p class="">`, `${V.reflection} in <textarea class="">`]);
  });

  it('in the journal (popup and side panel)', async () => {
    const record = page();
    const props = journalViewProps({
      host: 'panel',
      title: V.title,
      site: 'rtl.example',
      journal: buildJournal(record, null),
      errors: [V.error],
      hasNotes: true,
      tags: record.tags,
    });
    const el = await mount(<JournalView {...props} />);
    // Open every section so its highlights and reflection are shown.
    for (const b of el.querySelectorAll<HTMLButtonElement>('button[aria-expanded="false"]')) await act(() => b.click());
    const { found, bad } = check(el);
    expect(bad).toEqual([]);
    expect([...found].sort()).toEqual(
      [V.title, V.heading1, V.heading2, V.quote, V.note, V.reflection, V.pageReflection, V.goneHeading, V.goneReflection, V.tag, V.error].sort(),
    );
  });

  it('in the library: list, a page\'s details and search results', async () => {
    const record = page();
    const state = {
      loaded: true,
      cachedRows: null,
      pages: new Map([[pageKey(record.url), record]]),
      colorLabels: { ...DEFAULT_COLOR_LABELS },
      bytesInUse: 1024,
      problems: [V.error],
    };
    const actions = {
      deletePage: vi.fn(async () => record),
      restorePage: vi.fn(async () => {}),
      previewImport: vi.fn(async () => ({ format: 'gloss-export' as const, pageCount: 1, summary: emptySummary() })),
      confirmImport: vi.fn(async () => emptySummary()),
      exportAll: vi.fn(async () => 'x.json'),
      editPage: vi.fn(async () => {}),
    };
    const el = await mount(<LibraryApp state={state} actions={actions} />);
    const details = [...el.querySelectorAll<HTMLButtonElement>('.row-actions button')].find((b) => b.hasAttribute('aria-expanded'))!;
    await act(() => details.click());
    let { found, bad } = check(el);
    expect(bad).toEqual([]);
    expect([...found].sort()).toEqual([V.title, V.heading1, V.quote, V.note, V.reflection, V.pageReflection, V.goneHeading, V.goneReflection, V.error].sort());

    const search = el.querySelector<HTMLInputElement>('#library-search')!;
    for (const q of [V.quote, V.heading2 /* a heading with no notes: not searched */, V.note, V.reflection, V.title]) {
      await act(() => {
        search.value = q;
        search.dispatchEvent(new Event('input', { bubbles: true }));
      });
      ({ bad } = check(el.querySelector('.search-results') ?? el));
      expect(bad, q).toEqual([]);
    }
    expect(el.querySelector('.search-results'), 'search results are shown').not.toBeNull();
  });

  it('on the page: the highlight card and toasts', async () => {
    const h = makeHighlight(V.quote, { note: V.note });
    const props: PageOverlayProps = {
      view: { kind: 'card', x: 10, y: 10, highlight: h, focusNote: false },
      toast: { message: V.error, error: true, action: null },
      labels: { ...DEFAULT_COLOR_LABELS },
      lastColor: 'yellow',
      noteStatus: { kind: 'error', message: V.reflection },
      onHighlight: noop,
      onNoteChange: noop,
      onColorChange: noop,
      onDelete: noop,
      onClose: noop,
      onDismissToast: noop,
      input: createShieldedInput(),
    };
    const el = await mount(<PageOverlay {...props} />);
    const { found, bad } = check(el);
    expect(bad).toEqual([]);
    expect([...found].sort()).toEqual([V.quote, V.note, V.reflection, V.error].sort());
  });
});
