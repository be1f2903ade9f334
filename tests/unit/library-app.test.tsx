import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing';
import { LibraryApp } from '../../components/library/LibraryApp';
import { useLibrary, type LibraryActions, type LibraryEnv, type LibraryState } from '../../components/library/use-library';
import { createStore, type StorageArea } from '../../utils/store/storage';
import { DEFAULT_COLOR_LABELS, pageKey, type PageRecord } from '../../utils/store/schema';
import { applyOp, type PageOp } from '../../utils/store/ops';
import { emptySummary } from '../../utils/store/library';
import { makeHighlight, makePage, makeReflection } from './library-fixtures';

const tricky = makePage({
  url: 'https://essays.example/tricky',
  title: 'Tags <img src=x onerror=alert(1)> in titles',
  highlights: [makeHighlight('A passage with <b>angle brackets</b> in it.', { note: 'Note about brackets' })],
  reflections: { s: makeReflection('s', 'Some **bold** thinking') },
  lastVisitAt: 50,
});
const plain = makePage({ url: 'https://other.example/plain', title: 'Plain page', lastVisitAt: 40 });

function stateOf(pages: PageRecord[]): LibraryState {
  return {
    loaded: true,
    cachedRows: null,
    pages: new Map(pages.map((p) => [pageKey(p.url), p])),
    colorLabels: { ...DEFAULT_COLOR_LABELS },
    bytesInUse: 3 * 1024 * 1024,
    problems: [],
  };
}

function fakeActions(overrides: Partial<LibraryActions> = {}): LibraryActions {
  return {
    deletePage: vi.fn(async (url: string) => [tricky, plain].find((p) => p.url === url)!),
    restorePage: vi.fn(async () => {}),
    previewImport: vi.fn(async () => ({ format: 'gloss-export', pageCount: 1, summary: emptySummary() })),
    confirmImport: vi.fn(async () => emptySummary()),
    exportAll: vi.fn(async () => 'gloss-library.json'),
    editPage: vi.fn(async () => {}),
    ...overrides,
  };
}

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});

async function mount(node: preact.ComponentChild) {
  root = document.createElement('div');
  document.body.append(root);
  await act(() => render(node, root));
  return root;
}

const flush = () => act(async () => new Promise((r) => setTimeout(r, 0)));

async function typeSearch(el: HTMLElement, value: string) {
  const input = el.querySelector<HTMLInputElement>('#library-search')!;
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('LibraryApp', () => {
  it('renders page text as text and shows totals and storage used', async () => {
    const el = await mount(<LibraryApp state={stateOf([tricky, plain])} actions={fakeActions()} />);
    const titles = [...el.querySelectorAll('.page-title')].map((t) => t.textContent);
    expect(titles).toEqual(['Tags <img src=x onerror=alert(1)> in titles', 'Plain page']);
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('.totals')!.textContent).toContain('Storage used: 3.0 MB');
  });

  it('shows search matches in context with <mark> around text nodes', async () => {
    const el = await mount(<LibraryApp state={stateOf([tricky, plain])} actions={fakeActions()} />);
    await typeSearch(el, 'angle BRACKETS');
    const results = el.querySelector('.search-results')!;
    expect(results.getAttribute('data-result-count')).toBe('1');
    const match = results.querySelector('.match-highlight')!;
    expect(match.querySelector('mark')!.textContent).toBe('angle brackets');
    expect(match.querySelector('b')).toBeNull();
    expect(match.querySelector('.snippet')!.textContent).toBe('A passage with <b>angle brackets</b> in it.');
    expect(match.querySelector('a.open-link')!.getAttribute('href')).toMatch(/^https:\/\/essays\.example\/tricky#:~:text=/);
    await typeSearch(el, 'bold thinking');
    expect(el.querySelector('.match-reflection mark')!.textContent).toBe('bold thinking');
  });

  it('renders reflections through MarkdownView (sanitised HTML) in the details', async () => {
    const el = await mount(<LibraryApp state={stateOf([tricky])} actions={fakeActions()} />);
    const toggle = [...el.querySelectorAll('button')].find((b) => b.textContent?.startsWith('Show notes'))!;
    await act(() => toggle.click());
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(el.querySelector('.reflection strong')!.textContent).toBe('bold');
    expect(el.querySelector('.highlight blockquote')!.textContent).toBe('A passage with <b>angle brackets</b> in it.');
  });

  it('shows the details as a journal grouped by section, and edits a reflection there', async () => {
    const actions = fakeActions();
    const el = await mount(<LibraryApp state={stateOf([tricky])} actions={actions} />);
    const toggle = [...el.querySelectorAll('button')].find((b) => b.textContent?.startsWith('Show notes'))!;
    await act(() => toggle.click());
    const headings = [...el.querySelectorAll('.page-details h3')].map((h) => h.textContent);
    expect(headings[0]).toBe('The page as a whole');
    expect(headings.length).toBeGreaterThan(1);
    const edit = [...el.querySelectorAll('.page-details button')].find((b) => b.textContent === 'Edit')!;
    await act(() => (edit as HTMLButtonElement).click());
    await flush();
    const box = el.querySelector('.page-details textarea') as HTMLTextAreaElement;
    expect(box).not.toBeNull();
    box.value = 'Rewritten in the library.';
    await act(() => void box.dispatchEvent(new Event("input", { bubbles: true })));
    expect(actions.editPage).toHaveBeenCalledWith(tricky.url, expect.objectContaining({ type: 'setReflection', text: 'Rewritten in the library.' }));
  });

  it('deletes with an Undo toast that restores the removed record', async () => {
    const actions = fakeActions();
    const el = await mount(<LibraryApp state={stateOf([tricky, plain])} actions={actions} />);
    const del = [...el.querySelectorAll('button')].find((b) => b.textContent === 'Delete notes for Plain page')!;
    await act(() => del.click());
    await flush();
    expect(actions.deletePage).toHaveBeenCalledWith(plain.url);
    const toast = el.querySelector('.toast')!;
    expect(toast.textContent).toContain('Deleted the notes for “Plain page”.');
    expect(document.activeElement?.textContent).toBe('Undo');
    await act(() => (toast.querySelector('.toast-action') as HTMLButtonElement).click());
    await flush();
    expect(actions.restorePage).toHaveBeenCalledWith(plain);
    expect(el.querySelector('.toast')).toBeNull();
    expect(el.querySelector('.list-status')!.textContent).toContain('Restored the notes for “Plain page”.');
  });

  it('shows a failed delete as a message', async () => {
    const actions = fakeActions({ deletePage: vi.fn(async () => Promise.reject(new Error('Storage is full.'))) });
    const el = await mount(<LibraryApp state={stateOf([plain])} actions={actions} />);
    await act(() => [...el.querySelectorAll('button')].find((b) => b.textContent?.startsWith('Delete'))!.click());
    await flush();
    expect(el.querySelector('[role="alert"]')!.textContent).toContain('Could not delete the notes for “Plain page”: Storage is full.');
    expect(el.querySelector('.toast')).toBeNull();
  });

  it('renders the first rows only, then more on request', async () => {
    const many = Array.from({ length: 120 }, (_, i) => makePage({ url: `https://bulk.example/${i}`, title: `Page ${i}`, lastVisitAt: 1000 - i }));
    const el = await mount(<LibraryApp state={stateOf(many)} actions={fakeActions()} />);
    expect(el.querySelectorAll('.page-row')).toHaveLength(50);
    const more = el.querySelector<HTMLButtonElement>('.show-more')!;
    expect(more.textContent).toBe('Show more pages (70 more)');
    await act(() => more.click());
    expect(el.querySelectorAll('.page-row')).toHaveLength(120);
    expect(el.querySelector('.show-more')).toBeNull();
  });
});

describe('useLibrary', () => {
  function Harness({ env, onState }: { env: LibraryEnv; onState: (s: LibraryState, a: LibraryActions) => void }) {
    const [state, actions] = useLibrary(env);
    onState(state, actions);
    return null;
  }

  it('loads pages, follows storage changes, and deletes/restores through the background', async () => {
    const area = fakeBrowser.storage.local as unknown as StorageArea;
    await area.set({ schemaVersion: 2, [pageKey(tricky.url)]: tricky });
    const store = createStore(area);
    const sent: Array<{ type: string; data: unknown }> = [];
    // A stand-in background that applies ops like the real writer does.
    const send = (async (type: string, data: { url: string; op: PageOp }) => {
      sent.push({ type, data });
      if (type === 'getStatus') return { migrationError: null, storageError: null };
      if (type === 'mutatePage') {
        const next = applyOp(await store.getPage(data.url), data.op, 99);
        if (next) await area.set({ [pageKey(data.url)]: next });
        else await area.remove(pageKey(data.url));
        return next;
      }
      throw new Error(`unexpected ${type}`);
    }) as LibraryEnv['send'];
    let state!: LibraryState;
    let actions!: LibraryActions;
    await mount(<Harness env={{ store, send, extensionVersion: 'test', cache: null }} onState={(s, a) => ((state = s), (actions = a))} />);
    await flush();
    expect(state.loaded).toBe(true);
    expect([...state.pages.values()].map((p) => p.url)).toEqual([tricky.url]);

    await act(() => area.set({ [pageKey(plain.url)]: plain }));
    expect(state.pages.get(pageKey(plain.url))).toEqual(plain);

    let removed!: PageRecord;
    await act(async () => {
      removed = await actions.deletePage(tricky.url);
    });
    expect(removed).toEqual(tricky);
    expect(state.pages.has(pageKey(tricky.url))).toBe(false);
    await act(() => actions.restorePage(removed));
    expect(state.pages.get(pageKey(tricky.url))).toEqual(tricky);
    expect(sent.filter((m) => m.type === 'mutatePage').map((m) => (m.data as { op: PageOp }).op.type)).toEqual(['deletePage', 'restorePage']);
  });

  it('reports an unreadable library and a refused import clearly', async () => {
    const store = createStore(fakeBrowser.storage.local as unknown as StorageArea);
    store.listPages = () => Promise.reject(new Error('disk unavailable'));
    const send = (async () => ({ migrationError: 'Stored notes are in an unknown format.', storageError: null })) as unknown as LibraryEnv['send'];
    let state!: LibraryState;
    let actions!: LibraryActions;
    await mount(<Harness env={{ store, send, extensionVersion: 'test', cache: null }} onState={(s, a) => ((state = s), (actions = a))} />);
    await flush();
    expect(state.loaded).toBe(true);
    expect(state.problems).toEqual(['Could not read your library: disk unavailable']);
    await expect(actions.previewImport('{"format":"nope"}')).rejects.toThrow(/not a Gloss export/);
  });
});
