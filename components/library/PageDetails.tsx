import { useState } from 'preact/hooks';
import { PAGE_REFLECTION_ID, type ColorId, type Highlight, type PageRecord, type Reflection } from '@/utils/store/schema';
import type { PageOp } from '@/utils/store/ops';
import { textFragmentUrl } from '@/utils/export/text-fragment';
import { buildJournal, reflectionLabel, sectionHasNotes } from '@/utils/journal';
import { swatchColor } from '@/utils/highlight/colors';
import { t } from '@/utils/i18n';
import { ReflectionEditor } from '@/components/journal/ReflectionEditor';
import { ConflictCopies } from '@/components/journal/ConflictCopies';
import { useSyncConflicts, type SyncConflictsEnv } from '@/components/journal/use-sync-conflicts';

export interface PageDetailsProps {
  page: PageRecord;
  colorLabels: Record<ColorId, string>;
  /** Sends a change to the page's notes (a note, a reflection); null: read only. */
  onEdit?: ((op: PageOp) => void) | null;
  /** Where sync's conflict copies are read and resolved; the browser's when absent. */
  syncEnv?: SyncConflictsEnv;
}

function NoteEditor({ h, onSave }: { h: Highlight; onSave: (note: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState(h.note);
  if (!editing)
    return (
      <button type="button" class="link" onClick={() => setEditing(true)}>
        {h.note.trim() ? t('journalEditNote') : t('journalAddNote')}
      </button>
    );
  return (
    <textarea
      class="note-editor"
      dir="auto"
      ref={(el) => el?.focus()}
      aria-label={t('journalNoteOn', h.text.length > 60 ? h.text.slice(0, 60) + '…' : h.text)}
      value={note}
      rows={2}
      onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
      onBlur={() => {
        setEditing(false);
        if (note !== h.note) onSave(note);
      }}
    />
  );
}

/**
 * A page's notes as a journal, from the same view model as the popup and side panel
 * (utils/journal/index.ts): the page's reflection, then each section with notes in essay
 * order with its highlights (each linking into the page) and reflection, highlights
 * outside the article, and the notes of sections no longer on the page. Notes and
 * reflections can be edited here, also for sections no longer on the page.
 */
export function PageDetails({ page, colorLabels, onEdit = null, syncEnv }: PageDetailsProps) {
  const journal = buildJournal(page, null);
  const conflicts = useSyncConflicts(page.url, page, syncEnv);
  const meta = { url: page.url, title: page.title, site: page.site, outline: page.outline };
  const saveReflection = (sectionId: string, heading: string | null, prev: Reflection | null, text: string) =>
    onEdit?.({ type: 'setReflection', meta, sectionId, heading, text, sectionHash: prev?.sectionHash ?? null, sectionText: prev?.sectionText ?? null });
  const reflection = (sectionId: string, heading: string | null, label: string, r: Reflection | null) =>
    onEdit ? (
      <ReflectionEditor label={label} value={r?.text ?? ''} placeholder={t('journalSectionPlaceholder')} onChange={(text) => saveReflection(sectionId, heading, r, text)} />
    ) : (
      r?.text.trim() && <ReflectionEditor label={label} value={r.text} placeholder="" onChange={() => {}} />
    );
  const highlights = (list: Highlight[]) =>
    list.length > 0 && (
      <ul class="highlights">
        {list.map((h) => (
          <li key={h.id} class="highlight">
            <span class="color-dot" aria-hidden="true" style={{ '--hl': swatchColor(h.color) }} />
            <span class="visually-hidden">{t('libraryColourHighlight', colorLabels[h.color])}</span>
            <blockquote dir="auto">{h.text}</blockquote>
            {h.note.trim() && (
              <p class="note" dir="auto">
                <span class="note-label">{t('libraryNoteLabel')}</span>
                {h.note}
              </p>
            )}
            {onEdit && <NoteEditor h={h} onSave={(note) => onEdit({ type: 'updateHighlight', id: h.id, patch: { note } })} />}{' '}
            <a href={textFragmentUrl(page.url, h.selectors.quote)} target="_blank" rel="noopener noreferrer">
              {t('libraryOpenAtHighlight')}
              <span class="visually-hidden">{t('libraryNewTab')}</span>
            </a>
          </li>
        ))}
      </ul>
    );
  const page_ = journal.pageReflection;
  return (
    <div class="page-details">
      {/* Sync's conflict copies (texts another device wrote at the same time); taking one needs an editable view. */}
      {onEdit && <ConflictCopies items={conflicts.items} error={conflicts.error} onTake={conflicts.take} onDismiss={conflicts.dismiss} />}
      {(page_?.text.trim() || onEdit) && (
        <section class="journal-section">
          <h3>{t('journalWholePage')}</h3>
          {reflection(PAGE_REFLECTION_ID, null, t('journalReflectionWholePage'), page_)}
        </section>
      )}
      {journal.sections.filter(sectionHasNotes).map((s) => (
        <section key={s.id} class="journal-section">
          <h3 dir="auto">{s.label}</h3>
          {highlights(s.highlights)}
          {reflection(s.id, s.heading || null, reflectionLabel(s.heading), s.reflection)}
        </section>
      ))}
      {journal.elsewhere.length > 0 && (
        <section class="journal-section">
          <h3>{t('journalElsewhere')}</h3>
          {highlights(journal.elsewhere)}
        </section>
      )}
      {journal.orphans.length > 0 && (
        <section class="journal-section">
          <h3>{t('journalNotFound')}</h3>
          {highlights(journal.orphans)}
        </section>
      )}
      {journal.detached.map((d) => (
        <section key={d.id} class="journal-section detached">
          <h3 dir="auto">{d.heading || t('journalUntitledSection')}</h3>
          {d.highlights.length > 0 && highlights(d.highlights)}
          {d.reflection && reflection(d.id, d.heading, reflectionLabel(d.heading ?? ''), d.reflection)}
        </section>
      ))}
    </div>
  );
}
