import { formatDateTime, t } from '@/utils/i18n';
import type { ConflictCopy, ConflictTarget } from '@/utils/sync/copies';

/** One conflict copy as shown: a reflection's or a highlight note's. */
export interface ConflictCopyItem extends ConflictCopy {
  /** Whose text it is: a section's reflection or a highlight's note. */
  target: ConflictTarget;
  /** A reflection's section heading, when known. */
  heading: string | null;
  /** A note's highlighted passage (page text), when the highlight is known. */
  quote: string | null;
}

export interface ConflictCopiesProps {
  items: ConflictCopyItem[];
  /** Why the last take/dismiss failed, if it did. */
  error: string | null;
  onTake: (item: ConflictCopyItem) => void;
  onDismiss: (item: ConflictCopyItem) => void;
}

const short = (text: string, n: number) => (text.length > n ? text.slice(0, n) + '…' : text);

/** A stable key for a copy in a list. */
export function copyKey(c: Pick<ConflictCopyItem, 'target' | 'text'>): string {
  return 'highlightId' in c.target ? `hl\n${c.target.highlightId}\n${c.text}` : `rf\n${c.target.sectionId}\n${c.text}`;
}

/**
 * Texts another device wrote at the same time as this one (sync kept the newer in the
 * reflection or the highlight's note): each can be taken instead, or dismissed. A note's
 * copy says which passage it is about. Nothing shows when there is none.
 */
export function ConflictCopies({ items, error, onTake, onDismiss }: ConflictCopiesProps) {
  if (items.length === 0 && !error) return null;
  return (
    <section class="sync-conflicts" aria-labelledby="sync-conflicts-h">
      <h2 id="sync-conflicts-h">{t('syncConflictHeading')}</h2>
      <p class="hint">{t('syncConflictKeepsReplaced')}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ul>
        {items.map((c) => (
          <li key={copyKey(c)} data-conflict-kind={'highlightId' in c.target ? 'note' : 'reflection'}>
            {'highlightId' in c.target
              ? c.quote !== null && (
                  <strong class="conflict-heading" dir="auto">
                    {t('syncConflictNoteOn', short(c.quote, 80))}
                  </strong>
                )
              : c.heading && (
                  <strong class="conflict-heading" dir="auto">
                    {c.heading}
                  </strong>
                )}
            <p class="pre" dir="auto">
              {c.text}
            </p>
            <p class="hint">{t('syncConflictWhen', formatDateTime(c.updatedAt))}</p>
            <button type="button" onClick={() => onTake(c)}>
              {t('syncConflictTake')}
            </button>{' '}
            <button type="button" class="link" onClick={() => onDismiss(c)}>
              {t('syncConflictDismiss')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
