/**
 * The page's DOM events Gloss listens to: a selection finished (toolbar), Escape, a
 * click on a painted highlight (card), focus moving into a highlight. Only events the
 * browser made for the reader (`isTrusted`) count: a page script that dispatches a
 * `mouseup`, `click` or `keyup` gets nothing from Gloss. Every listener ends with `signal`.
 */
export interface PageEventHandlers {
  /** The selection may have changed (mouse released, Shift released). */
  selectionMayHaveChanged(): void;
  escape(): void;
  /** A click outside Gloss's UI with no selection; x, y in client coordinates. */
  click(x: number, y: number): void;
  /** Focus moved to `target` (a link, the caret) in the page. */
  focusIn(target: Node): void;
}

export function listenToPage(
  win: Window & typeof globalThis,
  opts: { signal: AbortSignal; isOwnUi: (target: EventTarget | null) => boolean },
  on: PageEventHandlers,
): void {
  const doc = win.document;
  const listen = (target: EventTarget, type: string, fn: (e: Event) => void) =>
    target.addEventListener(
      type,
      (e) => {
        // Synthetic events come from page scripts: they must never drive Gloss.
        if (!e.isTrusted || opts.isOwnUi(e.target)) return;
        fn(e);
      },
      { signal: opts.signal },
    );
  listen(doc, 'mouseup', () => on.selectionMayHaveChanged());
  listen(doc, 'keyup', (e) => {
    const k = (e as KeyboardEvent).key;
    if (k === 'Escape') on.escape();
    else if ((e as KeyboardEvent).shiftKey || k === 'Shift') on.selectionMayHaveChanged();
  });
  listen(doc, 'click', (e) => {
    const sel = win.getSelection();
    if (sel && !sel.isCollapsed) return;
    on.click((e as MouseEvent).clientX, (e as MouseEvent).clientY);
  });
  listen(doc, 'focusin', (e) => {
    if (e.target instanceof win.Node) on.focusIn(e.target);
  });
}

/**
 * The reader's current selection in the page, or null: none, collapsed, only
 * whitespace, outside the body, or inside Gloss's own UI.
 */
export function selectionRange(win: Window, isOwnUi: (target: EventTarget | null) => boolean): Range | null {
  const sel = win.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!range.toString().trim()) return null;
  if (!win.document.body.contains(range.commonAncestorContainer)) return null;
  if (isOwnUi(range.commonAncestorContainer)) return null;
  return range;
}
