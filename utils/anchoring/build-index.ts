/**
 * Building the {@link TextIndex} of a subtree: which raw text is kept, and how
 * its whitespace collapses. The index itself (offsets ↔ DOM points) is in
 * ./text-index.ts.
 */
import { isWs } from '../normalise';
import { readRawText, type RawText } from './raw-text';
import { TextIndex } from './text-index';
import { blockBetween, findLeftOut, usesVisibility, type LeftOut, type TextIndexOptions } from './visibility';

/**
 * Every whitespace character but the plain space (JS `\s`), line feed first:
 * nearly all runs to rewrite hold one. Searching for each with `indexOf` is
 * far cheaper than a regex scan, and free for characters that a one-byte
 * string cannot hold.
 */
const REWRITTEN_WS = [
  '\n', '\t', '\r', '\u00a0', '\v', '\f', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004',
  '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f',
  '\u3000', '\ufeff',
];

/**
 * A function giving the start of the first whitespace run at or after `from`
 * in `raw` that the index has to rewrite (two or more characters, or anything
 * but a plain space), or `raw.length` when there is none. `from` must never
 * decrease from one call to the next. The position found for each kind of character
 * is kept until the search passes it; kinds that do not occur any more are dropped.
 */
function changeFinder(raw: string): (from: number) => number {
  const none = raw.length;
  const needles = ['  ', ...REWRITTEN_WS];
  const found = needles.map(() => -2);
  let live = needles.length;
  return (from: number): number => {
    let best = none;
    for (let n = 0; n < live; n++) {
      let f = found[n];
      if (f < from) {
        f = raw.indexOf(needles[n], from);
        if (f === -1) {
          // Never again: move the last live kind into this slot.
          live--;
          needles[n] = needles[live];
          found[n] = found[live];
          n--;
          continue;
        }
        found[n] = f;
      }
      if (f < best) best = f;
    }
    // The run may start with a space just before what was found.
    while (best > from && best < none && raw.charCodeAt(best - 1) === 32) best--;
    return best;
  };
}

interface Walked {
  indexed: Text[];
  rawStarts: number[];
  /**
   * Stretches of raw text to index, as [start, end) pairs: nodes with nothing
   * left out between them and no block edge between two words. A negative
   * end, `-1 - end`, marks a block edge after the stretch that reads as a space.
   */
  stretches: number[];
}

/**
 * First and last non-empty text (or CDATA) node inside each left-out element
 * that has any, in document order. TreeWalker's firstChild/lastChild over
 * text nodes reach the deepest ones directly.
 */
function leftOutEnds(root: Node, { elements }: LeftOut): { first: Node[]; last: Node[] } {
  const first: Node[] = [];
  const last: Node[] = [];
  if (elements.length === 0) return { first, last };
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 4 /* SHOW_TEXT */ | 8 /* SHOW_CDATA_SECTION */);
  for (const el of elements) {
    walker.currentNode = el;
    let a = walker.firstChild();
    while (a && (a as CharacterData).length === 0) a = walker.nextNode();
    if (!a || !el.contains(a)) continue;
    walker.currentNode = el;
    let b = walker.lastChild();
    while (b && b !== a && (b as CharacterData).length === 0) b = walker.previousNode();
    first.push(a);
    last.push(b ?? a);
  }
  return { first, last };
}

/**
 * Which raw text is indexed: one pass over the raw text's nodes, skipping
 * those inside left-out elements (and CDATA sections). Where two kept nodes
 * meet with a word on each side, the DOM is asked whether a block edge lies
 * between them.
 */
function walkText(root: Node, raw: RawText, left: LeftOut): Walked {
  const { nodes, starts, text } = raw;
  const { first, last } = leftOutEnds(root, left);
  const indexed: Text[] = [];
  const rawStarts: number[] = [];
  const stretches: number[] = [];
  // End of the last indexed node, and that node.
  let lastEnd = -1;
  let prev: Node | null = null;
  // The next left-out element's first node (they come in walk order), and
  // while inside one, its last node.
  let f = 0;
  let nextFirst = first.length ? first[0] : null;
  let skipTo: Node | null = null;
  for (let k = 0; k < nodes.length; k++) {
    const n = nodes[k];
    if (skipTo === null && n === nextFirst) {
      skipTo = last[f++];
      nextFirst = f < first.length ? first[f] : null;
    }
    if (skipTo !== null) {
      if (n === skipTo) skipTo = null;
      continue;
    }
    if (n.nodeType !== 3) continue;
    const pos = starts[k];
    // A block edge between two words needs a space that the raw text lacks.
    const edge =
      prev !== null &&
      !isWs(text.charCodeAt(lastEnd - 1)) &&
      !isWs(text.charCodeAt(pos)) &&
      blockBetween(prev, n, root, left.hidden);
    if (edge || pos !== lastEnd) {
      if (prev !== null) stretches.push(edge ? -1 - lastEnd : lastEnd);
      stretches.push(pos);
    }
    indexed.push(n as Text);
    rawStarts.push(pos);
    lastEnd = pos + n.length;
    prev = n;
  }
  if (prev !== null) stretches.push(lastEnd);
  return { indexed, rawStarts, stretches };
}

/**
 * Builds the {@link TextIndex} of `root`.
 *
 * Cost is kept to a few native passes: left-out elements come from one
 * TreeWalker over elements, the text and node offsets from one TreeWalker over
 * text nodes (see ./raw-text.ts; `raw`, when given, must be the current read of
 * `root`), and whitespace is collapsed on that string with native searches,
 * copying long slices. Block edges only change the text where two nodes meet
 * with no whitespace between them: only there is the DOM asked whether a
 * block edge lies between. Inline elements hidden by a stylesheet are not
 * detected (their text is indexed).
 */
export function buildTextIndex(root: Node = document.body, opts: TextIndexOptions = {}, raw?: RawText): TextIndex {
  const useVisibility = usesVisibility(root, opts);
  const rawText = raw ?? readRawText(root);
  const left = findLeftOut(root as Element | Document, useVisibility);
  const { stretches, indexed, rawStarts } = walkText(root, rawText, left);
  const { cutNorm, cutRaw, text } = collapse(rawText.text, stretches);
  return new TextIndex(
    root,
    text,
    rawText.text,
    indexed,
    Int32Array.from(rawStarts),
    Int32Array.from(cutNorm),
    Int32Array.from(cutRaw),
    left.hidden,
  );
}

/**
 * Collapses whitespace runs to one space (the whole text's leading whitespace
 * dropped), leaves out what is not in `stretches`, and puts a space where a
 * block edge separates two words. The text is built from long slices of the
 * raw text, cut only where something changes; runs to rewrite are found with
 * native searches rather than a loop over every character. Each place where
 * normalised and raw offsets stop advancing together is a cut.
 */
function collapse(raw: string, stretches: number[]): { text: string; cutNorm: number[]; cutRaw: number[] } {
  const nextChange = changeFinder(raw);
  const pieces: string[] = [];
  const cutNorm: number[] = [];
  const cutRaw: number[] = [];
  // raw[copyFrom, copyTo) is still to be copied as it is.
  let copyFrom = 0;
  let copyTo = 0;
  let out = 0;
  let inSpace = true;
  // Start of the next run to rewrite, as last found.
  let ms = -1;
  // The last cut.
  let lastNorm = 0;
  let lastRaw = -1;
  const flush = () => {
    if (copyTo > copyFrom) pieces.push(raw.slice(copyFrom, copyTo));
  };
  /** Records that normalised offset `n` maps to raw offset `r`, unless it already does. */
  const cutAt = (n: number, r: number) => {
    if (lastRaw + (n - lastNorm) !== r || cutNorm.length === 0) {
      cutNorm.push((lastNorm = n));
      cutRaw.push((lastRaw = r));
    }
  };

  for (let st = 0; st < stretches.length; st += 2) {
    const segStart = stretches[st];
    const endMark = stretches[st + 1];
    const segEnd = endMark < 0 ? -1 - endMark : endMark;
    const edge = endMark < 0;
    let i = segStart;
    if (inSpace) while (i < segEnd && isWs(raw.charCodeAt(i))) i++;
    if (i !== copyTo) {
      flush();
      copyFrom = copyTo = i;
    }
    if (i < segEnd) cutAt(out, i);
    while (i < segEnd) {
      // Most stretches hold no run to rewrite: the last answer still stands for them.
      if (ms < i) ms = nextChange(i);
      if (ms >= segEnd) {
        out += segEnd - i;
        i = segEnd;
        break;
      }
      let me = ms + 1;
      while (me < segEnd && isWs(raw.charCodeAt(me))) me++;
      // `out` becomes the offset of the space that stands for the run.
      out += ms - i;
      if (raw.charCodeAt(ms) === 32) {
        // The run's first space stays, the rest goes.
        copyTo = ms + 1;
        if (me > ms + 1) {
          flush();
          copyFrom = copyTo = me;
          if (me < segEnd) cutAt(out + 1, me);
        }
      } else if (raw.charCodeAt(me - 1) === 32) {
        // A line break and indentation: the last space stays, so the copy
        // goes on from there (one slice per run, no separate space).
        copyTo = ms;
        flush();
        copyFrom = copyTo = me - 1;
        cutAt(out, me - 1);
      } else {
        copyTo = ms;
        flush();
        pieces.push(' ');
        copyFrom = copyTo = me;
        if (me > ms + 1 && me < segEnd) cutAt(out + 1, me);
      }
      out++;
      i = me;
    }
    copyTo = segEnd;
    inSpace = isWs(raw.charCodeAt(segEnd - 1));
    if (edge) {
      // Two words either side of a block edge: it reads as a space.
      flush();
      copyFrom = copyTo;
      pieces.push(' ');
      out++;
      inSpace = true;
    }
  }
  flush();
  return { text: pieces.join(''), cutNorm, cutRaw };
}
