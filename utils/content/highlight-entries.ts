/**
 * The page's highlights as this tab holds them: each stored highlight with the range it
 * anchored to (null: an orphan, its text not found on the page), and the page URL they
 * are stored under. One shared holder so every part of the page session reads the same
 * answer; it does no work of its own.
 */
import type { Highlight } from '../store/schema';
import type { Painted } from '../highlight/painter';

export interface Entry {
  highlight: Highlight;
  range: Range | null;
}

export interface HighlightEntries {
  /** The normalised URL of the page the entries belong to (changes on SPA navigation). */
  url: string;
  map: Map<string, Entry>;
  /** Highlights anchored on the page, as the painter and hit tests take them. */
  painted(): Painted[];
  /** Highlights whose text was not found (yet). */
  orphans(): Highlight[];
}

/** An empty holder for the page at `url`. */
export function createHighlightEntries(url: string): HighlightEntries {
  return {
    url,
    map: new Map(),
    painted() {
      const out: Painted[] = [];
      for (const e of this.map.values()) if (e.range) out.push({ id: e.highlight.id, color: e.highlight.color, range: e.range });
      return out;
    },
    orphans() {
      const out: Highlight[] = [];
      for (const e of this.map.values()) if (!e.range) out.push(e.highlight);
      return out;
    },
  };
}
