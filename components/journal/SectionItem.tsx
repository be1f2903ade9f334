import { useState } from 'preact/hooks';
import type { ColorId } from '@/utils/store/schema';
import { reflectionLabel, wordCount, type SectionView } from '@/utils/journal';
import { formatNumber, t } from '@/utils/i18n';
import { HighlightItem, type HighlightActions } from './HighlightItem';
import { ReflectionEditor } from './ReflectionEditor';

export interface SectionItemProps extends HighlightActions {
  section: SectionView;
  labels: Record<ColorId, string>;
  /** Expanded: its highlights and reflection shown. Collapsed: one line. */
  open: boolean;
  /** The heading was clicked: expand or collapse, and scroll the page to the section. */
  onToggle: (open: boolean) => void;
  onReflection: (text: string) => void;
  onEditStart: () => void;
  /** Resolves to the section's current text, for the drift comparison. */
  loadCurrentText: () => Promise<string | null>;
  /** Null: the page cannot be written to (nothing offered to type in). */
  writable: boolean;
  focusToken?: number;
  /** "+ Reflect" on a collapsed section: open it with its reflection focused. */
  onReflect: () => void;
}

/**
 * One section of the outline. Collapsed: heading, counts and "+ Reflect" on one line.
 * Expanded: its highlights (in page order) and the reader's reflection.
 */
export function SectionItem(props: SectionItemProps) {
  const s = props.section;
  const [compare, setCompare] = useState<{ before: string; now: string } | null>(null);
  // The count is the section's own, also while only its first highlights are drawn.
  const n = s.highlightTotal ?? s.highlights.length;
  const written = !!s.reflection?.text.trim();
  const open = props.open;
  return (
    <li
      class={`section level-${Math.min(s.level, 4)}${s.active ? ' active' : ''}${open ? ' open' : ''}`}
      aria-current={s.active ? 'location' : undefined}
      data-section-id={s.id}
    >
      <div class="section-row">
        <h2 class="section-heading">
          <button type="button" class="section-toggle" aria-expanded={open} onClick={() => props.onToggle(!open)}>
            <span class="chevron" aria-hidden="true" />
            <span class="heading-text" dir="auto">
              {s.label}
            </span>
          </button>
        </h2>
        <span class="badges">
          {n > 0 && <span class="badge">{n === 1 ? t('journalHighlightOne') : t('journalHighlightCount', formatNumber(n))}</span>}
          {written && <span class="badge written">{t('journalReflectionWords', formatNumber(wordCount(s.reflection!.text)))}</span>}
          {!open && s.drifted && <span class="badge changed">{t('journalChanged')}</span>}
          {s.active && <span class="badge here">{t('journalReading')}</span>}
        </span>
        {!open && !written && props.writable && (
          <button type="button" class="link reflect" aria-label={t('journalReflectOn', s.label)} onClick={props.onReflect}>
            {t('journalReflect')}
          </button>
        )}
      </div>
      {open && n > 0 && (
        <ul class="highlights">
          {s.highlights.map((h) => (
            <HighlightItem
              key={h.id}
              highlight={h}
              labels={props.labels}
              onShow={props.onShow}
              onNote={props.onNote}
              onColor={props.onColor}
              onDelete={props.onDelete}
            />
          ))}
        </ul>
      )}
      {open && s.drifted && (
        <div class="drift" role="note">
          <span>{t('journalDrift')}</span>
          <button
            type="button"
            class="link"
            aria-expanded={!!compare}
            onClick={async () => {
              if (compare) return setCompare(null);
              const now = (await props.loadCurrentText()) ?? '';
              setCompare({ before: s.reflection?.sectionText ?? t('journalEarlierNotKept'), now });
            }}
          >
            {compare ? t('journalHideCompare') : t('journalCompare')}
          </button>
          {compare && (
            <div class="compare">
              <figure>
                <figcaption>{t('journalWhenWritten')}</figcaption>
                <p dir="auto">{compare.before}</p>
              </figure>
              <figure>
                <figcaption>{t('journalNow')}</figcaption>
                <p dir="auto">{compare.now}</p>
              </figure>
            </div>
          )}
        </div>
      )}
      {open && props.writable && (
        <ReflectionEditor
          label={reflectionLabel(s.heading)}
          value={s.reflection?.text ?? ''}
          placeholder={t('journalSectionPlaceholder')}
          onChange={props.onReflection}
          onFocus={props.onEditStart}
          focusToken={props.focusToken}
        />
      )}
    </li>
  );
}
