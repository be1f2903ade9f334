/**
 * Where the Markdown renderer writes: HTML pieces gathered in small batches, each batch
 * joined into one string (a huge array of tiny strings costs V8 several times more to
 * fill and join than the same strings in batches), and — for the chunked view — the
 * places where the HTML may be cut into separately sanitised chunks. One object per
 * render; no intermediate strings per block.
 */

/** A boundary between two children of the same container. */
export const CUT_SIBLING = 0;
/** A container's start tag begins here (`<ul>`, `<li>`, `<p>`, `<blockquote>`, …). */
export const CUT_OPEN = 1;
/** That container's end tag begins here. */
export const CUT_CLOSE = 2;

/**
 * The rendered HTML with the places where it may be cut: `cuts[k]` is an offset into
 * `html`, `kinds[k]` says what is there (CUT_OPEN, CUT_CLOSE, CUT_SIBLING). Offsets are
 * ascending; an open and its close are both present or both absent.
 */
export interface MarkdownParts {
  html: string;
  cuts: number[];
  kinds: number[];
}

/** Pieces per batch. */
const BATCH = 512;
/** Cut places closer than this (in HTML characters) to the previous one are not recorded. */
export const CUT_GRAIN = 1024;

export class Output {
  private readonly done: string[] = [];
  /** The current batch: `fill` pieces in a reused array (no array grown per batch). */
  private readonly batch: string[] = new Array<string>(BATCH).fill('');
  private fill = 0;
  /** HTML characters written so far. */
  length = 0;
  readonly cuts: number[] = [];
  readonly kinds: number[] = [];
  /** For each open container, the index of its CUT_OPEN in `cuts`. */
  private readonly open: number[] = [];
  /**
   * Elements opened inside inline content (emphasis, a link) and not yet closed, plus one
   * while inline content is written into an element that is no container (a heading, a
   * one-line list item): a cut between inline pieces is allowed only where this is 0, so
   * no cut splits an element.
   */
  inline = 0;

  /**
   * @param cutting record cut places (only the chunked view needs them)
   * @param grain cut places closer than this (in HTML characters) to the previous one are
   *   not recorded, and a container smaller than twice this is never cut into
   */
  constructor(
    readonly cutting: boolean,
    private readonly grain = CUT_GRAIN,
  ) {}

  put(html: string): void {
    this.batch[this.fill++] = html;
    this.length += html.length;
    if (this.fill === BATCH) {
      this.done.push(this.batch.join(''));
      this.fill = 0;
    }
  }

  /** The HTML written. */
  html(): string {
    if (this.fill) {
      this.done.push(this.batch.slice(0, this.fill).join(''));
      this.fill = 0;
    }
    return this.done.length === 1 ? this.done[0] : this.done.join('');
  }

  /** Writes a container's start tag, where the view may open it on its own. */
  openTag(tag: string): void {
    if (this.cutting) {
      this.open.push(this.cuts.length);
      this.cuts.push(this.length);
      this.kinds.push(CUT_OPEN);
    }
    this.put(tag);
  }

  /** Writes the end tag of the container opened last. */
  closeTag(tag: string): void {
    if (this.cutting) {
      const k = this.open.pop()!;
      if (this.length - this.cuts[k] < 2 * this.grain) {
        this.cuts.length = k;
        this.kinds.length = k;
      } else {
        this.cuts.push(this.length);
        this.kinds.push(CUT_CLOSE);
      }
    }
    this.put(tag);
  }

  /** Records a boundary between siblings here (unless the previous cut is near). */
  sibling(): void {
    if (this.cutting && this.length - this.lastCut() >= this.grain) {
      this.cuts.push(this.length);
      this.kinds.push(CUT_SIBLING);
    }
  }

  /**
   * Writes inline HTML in which every `<br>` followed by a line end may be a sibling
   * boundary (the caller knows no inline element is open across them).
   */
  putLines(html: string): void {
    if (this.cutting && this.inline === 0 && html.length >= this.grain) {
      const base = this.length;
      let from = this.lastCut() + this.grain - base;
      for (;;) {
        const k = html.indexOf('<br>\n', from < 0 ? 0 : from);
        if (k === -1) break;
        this.cuts.push(base + k + 4);
        this.kinds.push(CUT_SIBLING);
        from = k + 4 + this.grain;
      }
    }
    this.put(html);
  }

  private lastCut(): number {
    return this.cuts.length ? this.cuts[this.cuts.length - 1] : -this.grain;
  }
}
