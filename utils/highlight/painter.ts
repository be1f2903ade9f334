import { COLOR_IDS, type ColorId } from '../store/schema';
import { FLASH_HIGHLIGHT, HIGHLIGHT_COLORS, highlightName } from './colors';

export interface Painted {
  id: string;
  color: ColorId;
  range: Range;
}

function stylesheetText(): string {
  const rules: string[] = [];
  for (const c of COLOR_IDS) {
    const { light, dark, onLight: solid } = HIGHLIGHT_COLORS[c];
    rules.push(`::highlight(${highlightName(c)}) { background-color: ${light}; }`);
    rules.push(`@media (prefers-color-scheme: dark) { ::highlight(${highlightName(c)}) { background-color: ${dark}; } }`);
    rules.push(
      `@media print { ::highlight(${highlightName(c)}) { background-color: transparent; text-decoration: underline 0.18em ${solid}; } }`,
    );
  }
  rules.push(`::highlight(${FLASH_HIGHLIGHT}) { background-color: rgba(255, 140, 0, 0.6); text-decoration: underline 2px rgb(200, 90, 0); }`);
  return rules.join('\n');
}

/**
 * Paints highlights with the CSS Custom Highlight API: one `Highlight` per colour
 * registered in `CSS.highlights`, styled by a constructed stylesheet adopted by the
 * document. The page's DOM is never touched. Returns null where the API is missing.
 */
export function createPainter(win: Window & typeof globalThis = window) {
  const css = win.CSS as typeof CSS | undefined;
  if (!css || !('highlights' in css) || typeof win.Highlight !== 'function') return null;
  const doc = win.document;
  const sheet = new win.CSSStyleSheet();
  sheet.replaceSync(stylesheetText());
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];

  const byColor = new Map<ColorId, Highlight>();
  COLOR_IDS.forEach((c, i) => {
    const h = new win.Highlight();
    h.priority = i; // deterministic stacking where highlights overlap
    byColor.set(c, h);
    css.highlights.set(highlightName(c), h);
  });
  const flash = new win.Highlight();
  flash.priority = 100;
  css.highlights.set(FLASH_HIGHLIGHT, flash);
  let flashTimer: ReturnType<typeof setTimeout> | undefined;

  return {
    /** Replaces what is painted with `items`. */
    paint(items: Iterable<Painted>) {
      for (const h of byColor.values()) h.clear();
      for (const item of items) byColor.get(item.color)?.add(item.range);
    },
    /** Briefly emphasises a range (after scrolling to it). */
    flash(range: Range, ms = 1600) {
      flash.clear();
      flash.add(range);
      clearTimeout(flashTimer);
      flashTimer = setTimeout(() => flash.clear(), ms);
    },
    dispose() {
      clearTimeout(flashTimer);
      for (const c of COLOR_IDS) css.highlights.delete(highlightName(c));
      css.highlights.delete(FLASH_HIGHLIGHT);
      doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
    },
  };
}

export type Painter = NonNullable<ReturnType<typeof createPainter>>;

/**
 * The painted highlight under a point, or null. Ranges are hit-tested by their client
 * rects; where several overlap, the shortest (most specific) wins.
 */
export function hitTest(items: Iterable<Painted>, x: number, y: number): Painted | null {
  let best: Painted | null = null;
  let bestLen = Infinity;
  for (const item of items) {
    for (const r of item.range.getClientRects()) {
      if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) {
        const len = item.range.toString().length;
        if (len < bestLen) {
          best = item;
          bestLen = len;
        }
        break;
      }
    }
  }
  return best;
}
