/**
 * Where the Markdown renderer writes: HTML pieces gathered in small batches, each batch
 * joined into one string (a huge array of tiny strings costs V8 several times more to
 * fill and join than the same strings in batches). One object per render; no
 * intermediate strings per block.
 */

/** Pieces per batch. */
const BATCH = 512;

export class Output {
  private readonly done: string[] = [];
  /** The current batch: `fill` pieces in a reused array (no array grown per batch). */
  private readonly batch: string[] = new Array<string>(BATCH).fill('');
  private fill = 0;

  put(html: string): void {
    this.batch[this.fill++] = html;
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
}
