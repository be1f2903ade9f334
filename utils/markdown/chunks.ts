/**
 * Rendered Markdown written into an element in chunks, so a view of a huge reflection
 * shows its start at once and builds the rest in later slices, ending with the same DOM
 * as inserting the whole sanitised render at once. Every chunk goes through the one
 * sanitiser passed in (utils/sanitize.ts), which hands back DOM: nothing is inserted as
 * an HTML string, and nothing unsanitised is ever in the document.
 *
 * A chunk may be cut anywhere in the text, also inside one element that spans the whole
 * reflection (one huge paragraph, list item, link or code block): the cut is placed in
 * text (never inside a tag, an entity or a surrogate pair), the chunk's still-open
 * elements are closed at its end, and the next chunk starts by opening them again. That
 * re-opened spine is then merged into the live elements (its content appended into the
 * existing `<p>`, `<em>`, `<li>`…, not into a new sibling), and text split by a cut is
 * joined again, so the DOM is the one-shot's after every slice.
 *
 * The HTML is the renderer's own (utils/markdown/render.ts): every `<` starts a tag and
 * every tag ends at the next `>` (attribute values are escaped), which is what lets the
 * cutter find tags with `indexOf`.
 */

/** Elements that have no end tag. */
const VOID = new Set(['br', 'hr', 'img', 'wbr']);
/** Elements whose first line end the HTML parser drops: never start a chunk's text with one in them. */
const DROPS_FIRST_LF = new Set(['pre', 'listing', 'textarea']);
/** The longest entity the renderer writes (`&#8232;`, `&quot;`): a cut looks back this far for an `&`. */
const ENTITY_MAX = 10;

/** HTML characters per chunk (each chunk is one sanitiser call). */
export const CHUNK_CHARS = 16 * 1024;

/** Writes rendered HTML into its element, a slice at a time. */
export interface ChunkWriter {
  /** Inserts chunks until about `budget` characters of HTML were written; true when all are written. */
  step(budget: number): boolean;
}

/** The element name of the start tag `html[from, to)` (`<a href="…">` -> `a`). */
function tagName(html: string, from: number, to: number): string {
  let k = from + 1;
  while (k < to) {
    const c = html.charCodeAt(k);
    if (c === 32 || c === 62 || c === 47 || c === 9 || c === 10) break;
    k++;
  }
  return html.slice(from + 1, k).toLowerCase();
}

/**
 * A place to cut the text `html[textFrom, textEnd)` near `at`: not inside an entity, not
 * between the halves of a surrogate pair. Moves back to the entity's `&` or the pair's
 * first half, or forward past them when `forward` (a chunk must hold something).
 */
function textCut(html: string, textFrom: number, textEnd: number, at: number, forward: boolean): number {
  const amp = html.lastIndexOf('&', at - 1);
  if (amp >= textFrom && at - amp <= ENTITY_MAX) {
    const semi = html.indexOf(';', amp);
    if (semi === -1 || semi >= at) at = forward ? (semi === -1 ? textEnd : Math.min(semi + 1, textEnd)) : amp;
  }
  if (at > textFrom && at < textEnd) {
    const c = html.charCodeAt(at - 1);
    if (c >= 0xd800 && c <= 0xdbff) at += forward ? 1 : -1;
  }
  return at;
}

/**
 * A writer of `html` into `root` (emptied first), `chunkChars` of HTML per sanitiser call.
 * `sanitize` is the one sink: it gets each chunk's HTML (complete, with its open elements
 * closed and re-opened) and returns the sanitised DOM.
 */
export function chunkWriter(root: Element, html: string, sanitize: (html: string) => DocumentFragment, chunkChars = CHUNK_CHARS): ChunkWriter {
  root.replaceChildren();
  /** The elements open at `pos`: their start tags, names, and the live element each became (null: the sanitiser dropped it). */
  const tags: string[] = [];
  const names: string[] = [];
  const live: (Element | null)[] = [];
  let pos = 0;

  /** The end of the chunk starting at `pos`; moves `tags`/`names` to the elements open there. */
  const cutFrom = (target: number): number => {
    let j = pos;
    for (;;) {
      const lt = html.indexOf('<', j);
      const textEnd = lt === -1 ? html.length : lt;
      if (textEnd >= target || lt === -1) {
        if (target >= textEnd && lt === -1) return html.length;
        let cut = textCut(html, j, textEnd, target, false);
        // Nothing fits before the target (one entity or pair straddles it): cut after it.
        if (cut === pos) cut = textCut(html, j, textEnd, target, true);
        // A line end right after a re-opened <pre> would be dropped by the parser: keep it in this chunk.
        if (DROPS_FIRST_LF.has(names[names.length - 1])) while (cut < textEnd && html.charCodeAt(cut) === 10) cut++;
        return cut;
      }
      const gt = html.indexOf('>', lt) + 1 || html.length;
      if (html.charCodeAt(lt + 1) === 47 /* / */) {
        tags.pop();
        names.pop();
      } else {
        const name = tagName(html, lt, gt);
        if (!VOID.has(name)) {
          tags.push(html.slice(lt, gt));
          names.push(name);
        }
      }
      j = gt;
      if (j >= target) return j;
    }
  };

  /**
   * Appends the children of `from` (from its `skip`-th on) into `into`, joining text to
   * text before it (a cut splits a text node; the sanitiser may also hand back leading
   * white space as a node of its own).
   */
  const moveChildren = (from: Node, into: Node, skip: number) => {
    let node = from.firstChild;
    for (let k = 0; k < skip && node; k++) node = node.nextSibling;
    while (node) {
      const next = node.nextSibling;
      const last = into.lastChild;
      if (node.nodeType === 3 && last && last.nodeType === 3) (last as Text).appendData((node as Text).data);
      else into.appendChild(node);
      node = next;
    }
  };

  /**
   * Sanitises `html[pos, end)` with the elements open at `pos` re-opened (`reopened`, whose
   * live elements are `spine`) and those open at `end` (now in `names`) closed, and merges
   * the result into the live DOM.
   */
  const insert = (end: number, reopened: string, spine: (Element | null)[], spineNames: string[]) => {
    let closing = '';
    for (let k = names.length - 1; k >= 0; k--) closing += `</${names[k]}>`;
    const frag = sanitize(reopened + html.slice(pos, end) + closing);
    // Walk the fragment's leading spine alongside the live elements it re-opens.
    const path: { from: Node; into: Node }[] = [{ from: frag, into: root }];
    let at: Node = frag;
    for (let k = 0; k < spine.length; k++) {
      const el = spine[k];
      if (!el) continue; // dropped by the sanitiser both times: its content sits in the parent
      const first = at.firstChild;
      if (!first || first.nodeType !== 1 || (first as Element).localName !== spineNames[k]) break;
      at = first;
      path.push({ from: at, into: el });
    }
    for (let k = path.length - 1; k >= 0; k--) moveChildren(path[k].from, path[k].into, k === path.length - 1 ? 0 : 1);
    pos = end;
    // The live elements open at `end`: the last-child chain from the root.
    live.length = 0;
    let parent: Element = root;
    for (const name of names) {
      const last = parent.lastChild;
      if (last && last.nodeType === 1 && (last as Element).localName === name) {
        parent = last as Element;
        live.push(parent);
      } else live.push(null);
    }
  };

  return {
    step(budget: number): boolean {
      let done = 0;
      while (pos < html.length && done < budget) {
        const from = pos;
        const reopened = tags.join('');
        const spine = live.slice();
        const spineNames = names.slice();
        insert(cutFrom(pos + Math.max(1, Math.min(chunkChars, budget - done))), reopened, spine, spineNames);
        done += pos - from;
      }
      return pos >= html.length;
    },
  };
}
