/**
 * Rendered Markdown in chunks, so a view of a huge reflection shows its start at once and
 * builds the rest in later slices, with the same final DOM as one
 * `innerHTML = sanitize(renderMarkdown(md))`. Every chunk goes through the one sanitiser
 * passed in (`sanitizeHtml`); nothing is inserted unsanitised.
 *
 * Why the DOM is the same: a chunk is cut only where the renderer said a container's
 * children may be cut (`MarkdownParts`), and only right after an element's end (`>`), so
 * no text node is split in two; a container too big for one chunk is created empty (its
 * start tag sanitised on its own) and its children are appended into it.
 */

import { CUT_CLOSE, CUT_OPEN, CUT_SIBLING, type MarkdownParts } from './output';

export type ChunkOp = { op: 'html'; html: string } | { op: 'open'; tag: string } | { op: 'close' };

/**
 * The rendered HTML as insert operations: runs of HTML of about `maxChars` characters
 * each (cut only at the recorded places), and the opening and closing of containers
 * larger than that. Linear in the number of cuts.
 */
export function chunkOps({ html, cuts, kinds }: MarkdownParts, maxChars = 16 * 1024): ChunkOp[] {
  const match = new Int32Array(cuts.length).fill(-1);
  const open: number[] = [];
  for (let k = 0; k < cuts.length; k++) {
    if (kinds[k] === CUT_OPEN) open.push(k);
    else if (kinds[k] === CUT_CLOSE && open.length) match[open.pop()!] = k;
  }
  const ops: ChunkOp[] = [];
  const run = (from: number, to: number) => {
    if (to > from) ops.push({ op: 'html', html: html.slice(from, to) });
  };
  /** The HTML [from, to) of one container's content, whose cuts are [k0, k1). */
  const walk = (from: number, to: number, k0: number, k1: number) => {
    let start = from;
    for (let k = k0; k < k1; k++) {
      const at = cuts[k];
      if (kinds[k] === CUT_OPEN) {
        const close = match[k];
        if (close === -1) continue;
        const end = cuts[close];
        if (end - at > maxChars) {
          const tagEnd = html.indexOf('>', at) + 1;
          run(start, at);
          ops.push({ op: 'open', tag: html.slice(at, tagEnd) });
          walk(tagEnd, end, k + 1, close);
          ops.push({ op: 'close' });
          start = html.indexOf('>', end) + 1;
        }
        k = close;
      } else if (kinds[k] === CUT_SIBLING && at - start >= maxChars && html.charCodeAt(at - 1) === 62 /* > */) {
        run(start, at);
        start = at;
      }
    }
    run(start, to);
  };
  walk(0, html.length, 0, cuts.length);
  return ops;
}

/** Writes chunk operations into `root`, a slice at a time. */
export interface ChunkWriter {
  /** Runs operations until about `budget` characters of HTML were inserted; true when all are done. */
  step(budget: number): boolean;
}

/**
 * A writer of `ops` into `root` (emptied first). Each HTML run and each container's start
 * tag is passed through `sanitize` before it is inserted.
 */
export function chunkWriter(root: Element, ops: ChunkOp[], sanitize: (html: string) => string): ChunkWriter {
  root.textContent = '';
  const parents: Element[] = [root];
  let i = 0;
  return {
    step(budget: number): boolean {
      let done = 0;
      while (i < ops.length && done < budget) {
        const op = ops[i++];
        const parent = parents[parents.length - 1];
        if (op.op === 'html') {
          parent.insertAdjacentHTML('beforeend', sanitize(op.html));
          done += op.html.length;
        } else if (op.op === 'open') {
          const name = op.tag.slice(1, -1);
          parent.insertAdjacentHTML('beforeend', sanitize(`${op.tag}</${name}>`));
          const el = parent.lastElementChild;
          // Were the tag ever refused, its content would go where the sanitiser keeps content: in the parent.
          parents.push(el && el.localName === name ? el : parent);
          done += op.tag.length;
        } else parents.pop();
      }
      return i >= ops.length;
    },
  };
}
