import { applyOp, OpError, type PageOp } from './ops';
import type { PageRecord } from './schema';

/**
 * Changes a page made to its highlights that an open side panel shows before storage has
 * them. The page posts each change on the follow port as it sends it to the single writer
 * (see utils/content/panel-relay.ts); the panel lays the changes not yet stored over the
 * stored record it shows. Storage stays the truth: a change leaves this list when the
 * stored record shows it, when the page says its write failed, or when it is older than
 * `PENDING_MAX_MS` (a lost failure message then costs a moment of a wrong view, not a
 * highlight shown forever).
 */

/** The page's changes that may be shown ahead of storage: highlight changes only. */
export type HighlightOp = Extract<PageOp, { type: 'addHighlight' | 'updateHighlight' | 'deleteHighlight' | 'restoreHighlight' }>;

export const isHighlightOp = (op: PageOp): op is HighlightOp =>
  op.type === 'addHighlight' || op.type === 'updateHighlight' || op.type === 'deleteHighlight' || op.type === 'restoreHighlight';

export interface PendingOp {
  /** The page's name for this change (its failure names it). */
  key: string;
  op: HighlightOp;
  /** When the panel received it (ms). */
  receivedAt: number;
}

/** A pending change is dropped this long after it arrived, stored or not. */
export const PENDING_MAX_MS = 10_000;

/** True when `stored` already shows `op` (or shows that it no longer matters). */
export function isStored(stored: PageRecord | null, op: HighlightOp): boolean {
  const find = (id: string) => stored?.highlights.find((h) => h.id === id);
  switch (op.type) {
    case 'addHighlight':
    case 'restoreHighlight':
      return !!find(op.highlight.id);
    case 'deleteHighlight':
      return !find(op.id);
    case 'updateHighlight': {
      const h = find(op.id);
      // Gone (deleted meanwhile): nothing left to show the edit on.
      if (!h) return true;
      if (op.at !== undefined && h.updatedAt >= op.at) return true;
      return (op.patch.note === undefined || h.note === op.patch.note) && (op.patch.color === undefined || h.color === op.patch.color);
    }
  }
}

/**
 * The pending changes still worth showing over `stored`: in arrival order, without those
 * storage already shows and those older than `PENDING_MAX_MS`. Returns `pending` itself
 * when nothing was dropped.
 */
export function prunePending(pending: readonly PendingOp[], stored: PageRecord | null, now: number): readonly PendingOp[] {
  const kept = pending.filter((p) => now - p.receivedAt < PENDING_MAX_MS && !isStored(stored, p.op));
  return kept.length === pending.length ? pending : kept;
}

/**
 * The record to show: `stored` with the pending changes applied in order (as the writer
 * will apply them). A change that does not fit (an edit of a highlight storage no longer
 * has) is skipped. Returns `stored` itself when there is nothing pending.
 */
export function withPending(stored: PageRecord | null, pending: readonly PendingOp[], now: number): PageRecord | null {
  let record = stored;
  for (const p of pending) {
    try {
      record = applyOp(record, p.op, now);
    } catch (err) {
      if (!(err instanceof OpError)) throw err;
    }
  }
  return record;
}
