import type { Ref } from 'preact';
import { ReflectionEditor } from '@/components/journal/ReflectionEditor';
import { buildJournal, reflectionLabel } from '@/utils/journal';
import { SAMPLE_TITLE } from '@/utils/welcome-sample';
import { swatchColor } from '@/utils/highlight/colors';
import type { PageRecord } from '@/utils/store/schema';
import { t, uiLocale } from '@/utils/i18n';

export interface SampleTryProps {
  /** The practice page's stored notes (null: none yet). */
  record: PageRecord | null;
  /** The practice essay's element (highlights are anchored and painted in it). */
  articleRef: Ref<HTMLElement>;
  /** A non-empty selection lies inside the essay. */
  canHighlight: boolean;
  onHighlight: () => void;
  onReflection: (sectionId: string, heading: string, text: string) => void;
  onExport: () => void;
  /** What went wrong, in plain words (a failed save, no selection). */
  message: string | null;
}

/**
 * The welcome page's "try it": highlight → reflect → export on an excerpt of the sample
 * essay, with the same anchoring, painter, journal model, reflection editor and
 * Markdown export as on any page. The notes are stored like any page's.
 */
export function SampleTry(p: SampleTryProps) {
  const journal = buildJournal(p.record, null);
  return (
    <section class="sample" aria-labelledby="sample-h">
      <h2 id="sample-h">{t('welcomeSample')}</h2>
      <p class="hint">{t('welcomeTryHint')}</p>
      <article lang={uiLocale()} ref={p.articleRef}>
        <h3>{SAMPLE_TITLE}</h3>
        <h4 data-section="sample-speed">{t('welcomeTryEssayHeading1')}</h4>
        <p>{t('welcomeTryEssayText1')}</p>
        <h4 data-section="sample-questions">{t('welcomeTryEssayHeading2')}</h4>
        <p>{t('welcomeTryEssayText2')}</p>
      </article>
      <div class="try-actions">
        <button type="button" onMouseDown={(e) => e.preventDefault() /* keep the selection */} onClick={p.onHighlight} aria-disabled={!p.canHighlight}>
          <span class="dot" aria-hidden="true" style={{ '--hl': swatchColor('yellow') }} />
          {t('welcomeTryHighlight')}
        </button>
        <button type="button" onClick={p.onExport} disabled={!p.record}>
          {t('welcomeTryExport')}
        </button>
      </div>
      {p.message && (
        <p class="try-message" role="alert">
          {p.message}
        </p>
      )}
      <ol class="try-journal" aria-label={t('journalSections')}>
        {journal.sections.map((s) => (
          <li key={s.id}>
            <h3 dir="auto">{s.label}</h3>
            <p class="hint">{s.highlights.length === 1 ? t('journalHighlightOne') : t('journalHighlightCount', s.highlights.length)}</p>
            <ul>
              {s.highlights.map((h) => (
                <li key={h.id}>
                  <q dir="auto">{h.text}</q>
                </li>
              ))}
            </ul>
            <ReflectionEditor
              label={reflectionLabel(s.heading)}
              value={s.reflection?.text ?? ''}
              placeholder={t('journalSectionPlaceholder')}
              onChange={(text) => p.onReflection(s.id, s.heading, text)}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}
