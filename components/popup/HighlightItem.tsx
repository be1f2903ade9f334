import type { ColorId, Highlight } from '@/utils/store/schema';
import { HIGHLIGHT_COLORS } from '@/utils/highlight/colors';

export interface HighlightItemProps {
  highlight: Highlight;
  labels: Record<ColorId, string>;
  /** Null for highlights that are not on the page (nothing to scroll to). */
  onShow: (() => void) | null;
  onDelete?: () => void;
}

/** One highlight in the popup: its quote (as text), colour and note. */
export function HighlightItem({ highlight: h, labels, onShow, onDelete }: HighlightItemProps) {
  const quote = h.text.length > 280 ? h.text.slice(0, 280) + '…' : h.text;
  return (
    <li class="highlight" style={{ '--hl': HIGHLIGHT_COLORS[h.color].solid }}>
      {onShow ? (
        <button type="button" class="quote" title="Show on the page" onClick={onShow}>
          <span class="dot" aria-label={labels[h.color]} role="img" />
          <q>{quote}</q>
        </button>
      ) : (
        <div class="quote">
          <span class="dot" aria-label={labels[h.color]} role="img" />
          <q>{quote}</q>
        </div>
      )}
      {h.note && <p class="note">{h.note}</p>}
      {onDelete && (
        <button type="button" class="link danger" onClick={onDelete}>
          Delete
        </button>
      )}
    </li>
  );
}
