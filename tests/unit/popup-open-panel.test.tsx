import { describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { JournalHost } from '@/components/journal/JournalHost';
import { EMPTY, type LoadedJournal } from '@/components/journal/load-page-journal';
import { journalEnv } from './journal-fixtures';

const loaded: LoadedJournal = {
  ...EMPTY,
  loading: false,
  tabId: 7,
  url: 'https://example.org/essay',
  info: {
    url: 'https://example.org/essay',
    title: 'An essay',
    site: 'example.org',
    outline: [{ id: 'intro', level: 1, heading: '' }, { id: 's1', level: 1, heading: 'First part' }],
    sectionHashes: {},
    activeSectionId: 's1',
    orphanIds: [],
    highlightSections: {},
  },
  record: null,
};

const env = journalEnv();

async function mount(onOpenPanel: (tabId: number | null) => Promise<void>) {
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(<JournalHost initial={Promise.resolve(loaded)} host="popup" env={env} onOpenPanel={onOpenPanel} />, root);
  });
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
  const button = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Open beside the page');
  if (!button) throw new Error('no "Open beside the page" button');
  return { root, button };
}

describe('popup: "Open beside the page"', () => {
  it('opens the panel for the journal tab within the click, and a failure is an inline alert (no window.alert)', async () => {
    const alert = vi.fn();
    vi.stubGlobal('alert', alert);
    const open = vi.fn(() => Promise.reject(new Error('No active side panel for this tab.')));
    const { root, button } = await mount(open);
    await act(async () => {
      button.click();
      // Called synchronously inside the click: the browser's user gesture is still valid.
      expect(open).toHaveBeenCalledWith(7);
      await new Promise((r) => setTimeout(r, 0));
    });
    const shown = [...root.querySelectorAll('[role="alert"]')].map((e) => e.textContent);
    expect(shown.some((s) => s?.includes('Gloss could not open beside the page: No active side panel for this tab.'))).toBe(true);
    expect(alert).not.toHaveBeenCalled();
    // The alert can be dismissed.
    const dismiss = root.querySelector('[role="alert"] button') as HTMLButtonElement;
    await act(async () => dismiss.click());
    expect(root.querySelectorAll('[role="alert"]').length).toBe(0);
    vi.unstubAllGlobals();
    root.remove();
  });

  it('shows nothing when the panel opens', async () => {
    const { root, button } = await mount(async () => {});
    await act(async () => {
      button.click();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(root.querySelectorAll('[role="alert"]').length).toBe(0);
    root.remove();
  });
});
