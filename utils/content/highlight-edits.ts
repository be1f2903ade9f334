/**
 * What the reader does to highlights on the page, sent to the single writer: make one
 * from the selection, open and close its card, edit its note and colour (through the
 * note saves), delete it with an undo. The page shows each change at once; a failed
 * write is undone on screen and told, never swallowed.
 */
import { describe as describeRange } from '../anchoring';
import { sectionAt } from '../outline';
import type { ColorId, Highlight, PageRecord } from '../store/schema';
import type { PageOp } from '../store/ops';
import type { OverlayStateStore } from './overlay-state';
import type { HighlightEntries } from './highlight-entries';
import type { Painting } from './painting';
import type { PageOutline } from './page-outline';
import type { NoteSaves } from './note-saves';
import { colorKey, noteKey } from './note-saves';
import type { SessionWords } from './session-words';

export interface HighlightEditsEnv {
  win: Window & typeof globalThis;
  entries: HighlightEntries;
  painting: Painting;
  outline: PageOutline;
  overlay: OverlayStateStore;
  saves: NoteSaves;
  words: SessionWords;
  /** Sends a change to the single writer. */
  mutate: (url: string, op: PageOp) => Promise<PageRecord | null>;
  /** The reader's selection in the page, or null. */
  selection: () => Range | null;
  now: () => number;
  newId: () => string;
}

export function createHighlightEdits(env: HighlightEditsEnv) {
  const { win, entries, painting, overlay, saves, words } = env;
  const { state, render, fail } = overlay;

  /** Makes a highlight of the current selection; resolves to it, or null without one. */
  async function highlightSelection(color: ColorId | null, withNote = false): Promise<Highlight | null> {
    const range = env.selection();
    if (!range) return null;
    const useColor = color ?? state.lastColor;
    state.lastColor = useColor;
    const o = env.outline.current(true);
    const sectionId = sectionAt(o, range.startContainer);
    const section = o.sections.find((s) => s.id === sectionId) ?? null;
    const selectors = describeRange(range, win.document.body, { sectionId });
    const at = env.now();
    const highlight: Highlight = {
      id: env.newId(),
      text: selectors.quote.exact,
      color: useColor,
      note: '',
      selectors,
      sectionId,
      sectionHeading: section ? section.heading : null,
      createdAt: at,
      updatedAt: at,
    };
    const rect = range.getBoundingClientRect();
    entries.map.set(highlight.id, { highlight, range: range.cloneRange() });
    painting.repaint();
    win.getSelection()?.removeAllRanges();
    state.view = withNote
      ? { kind: 'card', x: rect.left + rect.width / 2, y: rect.bottom + 8, highlight, focusNote: true }
      : { kind: 'none' };
    render();
    try {
      await env.mutate(entries.url, { type: 'addHighlight', meta: env.outline.meta(entries.url), highlight });
      return highlight;
    } catch (err) {
      entries.map.delete(highlight.id);
      painting.repaint();
      state.view = { kind: 'none' };
      fail(words.saveHighlight, err);
      return null;
    }
  }

  function openCard(id: string, x: number, y: number, focusNote = false) {
    const e = entries.map.get(id);
    if (!e) return;
    state.view = { kind: 'card', x, y, highlight: e.highlight, focusNote };
    state.noteStatus = saves.unsavedKey(noteKey(id)) ? { kind: 'saving' } : { kind: 'saved' };
    render();
  }

  function updateNote(id: string, note: string) {
    const e = entries.map.get(id);
    if (!e) return;
    e.highlight = { ...e.highlight, note };
    if (state.view.kind === 'card' && state.view.highlight.id === id) state.view = { ...state.view, highlight: e.highlight, focusNote: false };
    render();
    const at = entries.url;
    saves.save(noteKey(id), (editedAt) => env.mutate(at, { type: 'updateHighlight', id, patch: { note }, at: editedAt }));
  }

  function setColor(id: string, color: ColorId) {
    const e = entries.map.get(id);
    if (!e) return;
    e.highlight = { ...e.highlight, color };
    state.lastColor = color;
    if (state.view.kind === 'card') state.view = { ...state.view, highlight: e.highlight, focusNote: false };
    painting.repaint();
    render();
    const at = entries.url;
    saves.save(colorKey(id), (editedAt) => env.mutate(at, { type: 'updateHighlight', id, patch: { color }, at: editedAt }));
  }

  function remove(id: string) {
    const e = entries.map.get(id);
    if (!e) return;
    const removed = e.highlight;
    const url = entries.url;
    const meta = env.outline.meta(url);
    entries.map.delete(id);
    painting.repaint();
    state.view = { kind: 'none' };
    env.mutate(url, { type: 'deleteHighlight', id }).catch((err) => fail(words.deleteHighlight, err));
    overlay.showToast(words.deleted, {
      action: {
        label: words.undo,
        run: () => {
          state.toast = null;
          env.mutate(url, { type: 'restoreHighlight', meta, highlight: removed }).catch((err) => fail(words.restoreHighlight, err));
        },
      },
    });
  }

  function closeCard() {
    state.view = { kind: 'none' };
    render();
  }

  return { highlightSelection, openCard, closeCard, updateNote, setColor, remove };
}

export type HighlightEdits = ReturnType<typeof createHighlightEdits>;
