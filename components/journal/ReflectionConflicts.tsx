import { formatDateTime, t } from '@/utils/i18n';
import type { ReflectionConflict } from '@/utils/sync/entities';

export interface ReflectionConflictItem extends ReflectionConflict {
  sectionId: string;
  /** The section's heading, when known. */
  heading: string | null;
}

export interface ReflectionConflictsProps {
  items: ReflectionConflictItem[];
  /** Why the last take/dismiss failed, if it did. */
  error: string | null;
  onTake: (item: ReflectionConflictItem) => void;
  onDismiss: (item: ReflectionConflictItem) => void;
}

/**
 * Reflection texts another device wrote at the same time (sync kept the newer one in the
 * reflection): each can be taken instead, or dismissed. Nothing shows when there is none.
 */
export function ReflectionConflicts({ items, error, onTake, onDismiss }: ReflectionConflictsProps) {
  if (items.length === 0 && !error) return null;
  return (
    <section class="sync-conflicts" aria-labelledby="sync-conflicts-h">
      <h2 id="sync-conflicts-h">{t('syncConflictHeading')}</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ul>
        {items.map((c) => (
          <li key={`${c.sectionId}\n${c.text}`}>
            {c.heading && (
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
