import { useState } from 'preact/hooks';
import { swatchColor } from '@/utils/highlight/colors';
import { COLOR_IDS, type ColorId } from '@/utils/store/schema';
import { formatDate, type PageSummary } from '@/utils/library-view';
import { PageDetails } from './PageDetails';
import type { PageOp } from '@/utils/store/ops';

export interface PageRowProps {
  row: PageSummary;
  colorLabels: Record<ColorId, string>;
  onDelete: (row: PageSummary) => void;
  /** Saves a change made in the page's details (a note, a reflection). */
  onEdit?: ((op: PageOp) => void) | null;
}

function count(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

/** One page in the library list: title link, site, visit dates, counts, details on demand. */
export function PageRow({ row, colorLabels, onDelete, onEdit = null }: PageRowProps) {
  const [open, setOpen] = useState(false);
  const detailsId = `details-${encodeURIComponent(row.url)}`;
  const colors = COLOR_IDS.filter((c) => row.colors.has(c));
  return (
    <li class="page-row" data-url={row.url}>
      <h2 class="page-title">
        <a href={row.url} target="_blank" rel="noopener noreferrer">
          {row.title}
        </a>
      </h2>
      <p class="page-meta">
        <span class="site">{row.site || 'local file'}</span>
        {' · '}
        <span>First visit {formatDate(row.firstVisitAt)}</span>
        {' · '}
        <span>Last visit {formatDate(row.lastVisitAt)}</span>
      </p>
      <p class="page-counts">
        {count(row.highlightCount, 'highlight', 'highlights')}
        {row.noteCount > 0 && `, ${count(row.noteCount, 'note', 'notes')}`}
        {', '}
        {count(row.reflectionCount, 'reflection', 'reflections')}
        {colors.length > 0 && (
          <span class="colors" aria-label={`Colours: ${colors.map((c) => colorLabels[c]).join(', ')}`} role="img">
            {colors.map((c) => (
              <span key={c} class="color-dot" style={{ '--hl': swatchColor(c) }} />
            ))}
          </span>
        )}
      </p>
      <div class="row-actions">
        <button type="button" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
          {open ? 'Hide notes' : 'Show notes'}
          <span class="visually-hidden"> for {row.title}</span>
        </button>
        <button type="button" class="danger" onClick={() => onDelete(row)}>
          Delete<span class="visually-hidden"> notes for {row.title}</span>
        </button>
      </div>
      <div id={detailsId} hidden={!open}>
        {open && (row.page ? <PageDetails page={row.page} colorLabels={colorLabels} onEdit={onEdit} /> : <p>Loading the notes…</p>)}
      </div>
    </li>
  );
}
