import { useState } from 'preact/hooks';
import { swatchColor } from '@/utils/highlight/colors';
import { COLOR_IDS, type ColorId } from '@/utils/store/schema';
import type { PageSummary } from '@/utils/library/view';
import { formatDate, t, tCount } from '@/utils/i18n';
import { PageDetails } from './PageDetails';
import type { PageOp } from '@/utils/store/ops';

export interface PageRowProps {
  row: PageSummary;
  colorLabels: Record<ColorId, string>;
  onDelete: (row: PageSummary) => void;
  /** Saves a change made in the page's details (a note, a reflection). */
  onEdit?: ((op: PageOp) => void) | null;
}

/** One page in the library list: title link, site, visit dates, counts, details on demand. */
export function PageRow({ row, colorLabels, onDelete, onEdit = null }: PageRowProps) {
  const [open, setOpen] = useState(false);
  const detailsId = `details-${encodeURIComponent(row.url)}`;
  const colors = COLOR_IDS.filter((c) => row.colors.has(c));
  return (
    <li class="page-row" data-url={row.url}>
      <h2 class="page-title">
        <a href={row.url} target="_blank" rel="noopener noreferrer" dir="auto">
          {row.title}
        </a>
      </h2>
      <p class="page-meta">
        <span class="site">{row.site || t('libraryLocalFile')}</span>
        {' · '}
        <span>{t('libraryFirstVisit', formatDate(row.firstVisitAt))}</span>
        {' · '}
        <span>{t('libraryLastVisit', formatDate(row.lastVisitAt))}</span>
      </p>
      <p class="page-counts">
        {tCount(row.highlightCount, 'libraryHighlightsOne', 'libraryHighlights')}
        {row.noteCount > 0 && `${t('libraryListSeparator')}${tCount(row.noteCount, 'libraryNotesOne', 'libraryNotes')}`}
        {t('libraryListSeparator')}
        {tCount(row.reflectionCount, 'libraryReflectionsOne', 'libraryReflections')}
        {colors.length > 0 && (
          <span class="colors" aria-label={t('libraryColours', colors.map((c) => colorLabels[c]).join(t('libraryListSeparator')))} role="img">
            {colors.map((c) => (
              <span key={c} class="color-dot" style={{ '--hl': swatchColor(c) }} />
            ))}
          </span>
        )}
      </p>
      <div class="row-actions">
        <button type="button" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
          {open ? t('libraryHideNotes') : t('libraryShowNotes')}
          <span class="visually-hidden" dir="auto">{t('libraryForPage', row.title)}</span>
        </button>
        <button type="button" class="danger" onClick={() => onDelete(row)}>
          {t('journalDelete')}
          <span class="visually-hidden" dir="auto">{t('libraryDeleteNotesFor', row.title)}</span>
        </button>
      </div>
      <div id={detailsId} hidden={!open}>
        {open && (row.page ? <PageDetails page={row.page} colorLabels={colorLabels} onEdit={onEdit} /> : <p>{t('libraryLoadingNotes')}</p>)}
      </div>
    </li>
  );
}
