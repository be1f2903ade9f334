import { useEffect, useRef, useState } from 'preact/hooks';
import { COLOR_IDS, type ColorId, type Highlight } from '@/utils/store/schema';
import { swatchColor } from '@/utils/highlight/colors';
import { t } from '@/utils/i18n';

export interface HighlightActions {
  /** Scrolls the page to the highlight and flashes it; null when it is not on the page. */
  onShow: ((id: string) => void) | null;
  onNote: ((h: Highlight, note: string) => void) | null;
  onColor: ((h: Highlight, color: ColorId) => void) | null;
  onDelete: ((h: Highlight) => void) | null;
}

export interface HighlightItemProps extends HighlightActions {
  highlight: Highlight;
  labels: Record<ColorId, string>;
}

const short = (text: string, n: number) => (text.length > n ? text.slice(0, n) + '…' : text);

/**
 * One highlight in the journal: its quote (page text, rendered as text), colour and note.
 * The note, the colour and deletion can be changed here as well as on the page.
 */
export function HighlightItem({ highlight: h, labels, onShow, onNote, onColor, onDelete }: HighlightItemProps) {
  const quote = short(h.text, 280);
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState(h.note);
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!editing) setNote(h.note);
  }, [h.note]);
  useEffect(() => {
    if (editing) box.current?.focus();
  }, [editing]);
  const dot = <span class="dot" role="img" aria-label={labels[h.color]} style={{ '--hl': swatchColor(h.color) }} />;
  const save = () => {
    setEditing(false);
    if (note !== h.note) onNote?.(h, note);
  };
  return (
    <li class="highlight" data-highlight-id={h.id}>
      {onShow ? (
        <button type="button" class="quote" title={t('journalShowOnPage')} onClick={() => onShow(h.id)}>
          {dot}
          <q dir="auto">{quote}</q>
        </button>
      ) : (
        <div class="quote">
          {dot}
          <q dir="auto">{quote}</q>
        </div>
      )}
      {editing ? (
        <textarea
          ref={box}
          class="note-editor grow"
          dir="auto"
          aria-label={t('journalNoteOn', short(h.text, 60))}
          value={note}
          rows={2}
          onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
          onBlur={save}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              save();
            }
          }}
        />
      ) : (
        h.note && (
          <p class="note" dir="auto">
            {h.note}
          </p>
        )
      )}
      {(onNote || onColor || onDelete) && (
        <div class="highlight-actions">
          {onNote && !editing && (
            <button type="button" class="link" onClick={() => setEditing(true)}>
              {h.note ? t('journalEditNote') : t('journalAddNote')}
            </button>
          )}
          {onColor && (
            <select
              class="color-select"
              aria-label={t('journalColourOf', short(h.text, 60))}
              value={h.color}
              onChange={(e) => onColor(h, (e.currentTarget as HTMLSelectElement).value as ColorId)}
            >
              {COLOR_IDS.map((c) => (
                <option key={c} value={c}>
                  {labels[c]}
                </option>
              ))}
            </select>
          )}
          {onDelete && (
            <button type="button" class="link danger" aria-label={t('journalDeleteLabel', short(h.text, 60))} onClick={() => onDelete(h)}>
              {t('journalDelete')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
