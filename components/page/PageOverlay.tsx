import { useEffect, useRef } from 'preact/hooks';
import { COLOR_IDS, type ColorId, type Highlight } from '@/utils/store/schema';
import { HIGHLIGHT_COLORS } from '@/utils/highlight/colors';
import type { NoteStatus, OverlayView, Toast } from '@/utils/content/overlay-state';
import type { ShieldedInput } from '@/utils/content/shielded-input';
import { swatchColor } from '@/utils/highlight/colors';
import { t } from '@/utils/i18n';

export type { OverlayView, Toast } from '@/utils/content/overlay-state';

/**
 * Only the reader's own input acts: an event a script made (`isTrusted` false) is
 * ignored. The overlay lives in a closed shadow root the page cannot reach, so this is
 * a second wall, not the only one.
 */
const trusted =
  <E extends Event>(fn: (e: E) => void) =>
  (e: E) => {
    if (e.isTrusted) fn(e);
  };

export interface PageOverlayProps {
  view: OverlayView;
  toast: Toast | null;
  labels: Record<ColorId, string>;
  lastColor: ColorId;
  noteStatus: NoteStatus;
  onHighlight: (color: ColorId, withNote: boolean) => void;
  onNoteChange: (id: string, note: string) => void;
  onColorChange: (id: string, color: ColorId) => void;
  onDelete: (id: string) => void;
  onClose: () => void;
  onDismissToast: () => void;
  /**
   * Keys and input aimed at the overlay: the key shield keeps them from the page (and so
   * from the elements' own listeners) and hands them over here (utils/content/key-shield.ts).
   */
  input: ShieldedInput;
}

/** Keeps a floating box inside the viewport. */
function place(x: number, y: number, width: number) {
  const left = Math.max(8, Math.min(x - width / 2, window.innerWidth - width - 8));
  const top = Math.max(8, Math.min(y, window.innerHeight - 60));
  return { left: `${left}px`, top: `${top}px` };
}

function Swatch(props: { color: ColorId; label: string; pressed?: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      class="swatch"
      aria-label={props.label}
      title={props.label}
      aria-pressed={props.pressed}
      style={{ '--swatch': swatchColor(props.color) }}
      onMouseDown={(e) => e.preventDefault() /* keep the page selection */}
      onClick={trusted(props.onClick)}
    />
  );
}

function Toolbar(props: PageOverlayProps & { x: number; y: number }) {
  return (
    <div class="toolbar" role="toolbar" aria-label="Gloss" style={place(props.x, props.y, 300)}>
      <button
        type="button"
        class="primary"
        onMouseDown={(e) => e.preventDefault()}
        onClick={trusted(() => props.onHighlight(props.lastColor, false))}
      >
        {t('overlayHighlight')}
      </button>
      {COLOR_IDS.map((c) => (
        <Swatch key={c} color={c} label={t('overlayHighlightIn', props.labels[c])} onClick={() => props.onHighlight(c, false)} />
      ))}
      <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={trusted(() => props.onHighlight(props.lastColor, true))}>
        {t('overlayAddNote')}
      </button>
    </div>
  );
}

function Card(props: PageOverlayProps & { x: number; y: number; highlight: Highlight; focusNote: boolean }) {
  const h = props.highlight;
  const noteRef = useRef<HTMLTextAreaElement>(null);
  // Read when an event arrives, so a key right after a render never meets stale props.
  const latest = useRef(props);
  latest.current = props;
  useEffect(() => {
    if (props.focusNote) noteRef.current?.focus();
  }, [h.id, props.focusNote]);
  useEffect(
    () =>
      props.input.listen((e, target) => {
        // The shield hands over only the reader's own events; checked again, as everywhere.
        if (!e.isTrusted) return;
        const p = latest.current;
        if (e.type === 'input' && target && target === noteRef.current) p.onNoteChange(p.highlight.id, noteRef.current.value);
        else if (e.type === 'keydown' && (e as KeyboardEvent).key === 'Escape' && !(e as KeyboardEvent).isComposing) p.onClose();
      }),
    [props.input],
  );
  return (
    <div class="card" role="dialog" aria-label={t('overlayCard')} style={place(props.x, props.y, 320)}>
      <blockquote class="quote" dir="auto">{h.text.length > 220 ? h.text.slice(0, 220) + '…' : h.text}</blockquote>
      <label class="note-label">
        {t('overlayNote')}
        <textarea
          ref={noteRef}
          aria-label={t('overlayNote')}
          dir="auto"
          value={h.note}
          placeholder={t('overlayNotePlaceholder')}
        />
      </label>
      {props.noteStatus.kind === 'error' && (
        <p class="note-status error" role="alert" dir="auto">
          {props.noteStatus.message}
        </p>
      )}
      <div class="row" role="group" aria-label={t('overlayColour')}>
        {COLOR_IDS.map((c) => (
          <Swatch key={c} color={c} label={props.labels[c]} pressed={h.color === c} onClick={() => props.onColorChange(h.id, c)} />
        ))}
        <span class="spacer" />
        <button type="button" class="danger" onClick={trusted(() => props.onDelete(h.id))}>
          {t('overlayDelete')}
        </button>
        <button type="button" onClick={trusted(props.onClose)}>
          {t('overlayDone')}
        </button>
      </div>
    </div>
  );
}

/**
 * The overlay's fixed words, read once at its first render: if this copy of Gloss is
 * stopped later (update, reload), browser.i18n is gone, and the card still on the page
 * must keep them (the translator remembers what it read).
 */
let worded = false;
function wordOnce() {
  if (worded) return;
  worded = true;
  for (const key of ['overlayCard', 'overlayNote', 'overlayNotePlaceholder', 'overlayColour', 'overlayDelete', 'overlayDone', 'overlayDismiss'] as const) t(key);
}

/** Gloss's UI on the page being read: selection toolbar, highlight card, toasts. */
export function PageOverlay(props: PageOverlayProps) {
  wordOnce();
  const v = props.view;
  return (
    <div class="gloss-overlay">
      {v.kind === 'toolbar' && <Toolbar {...props} x={v.x} y={v.y} />}
      {v.kind === 'card' && <Card {...props} x={v.x} y={v.y} highlight={v.highlight} focusNote={v.focusNote} />}
      {props.toast && (
        <div class={props.toast.error ? 'toast error' : 'toast'} role={props.toast.error ? 'alert' : 'status'}>
          <span dir="auto">{props.toast.message}</span>
          {props.toast.action && (
            <button type="button" onClick={trusted(props.toast.action.run)}>
              {props.toast.action.label}
            </button>
          )}
          <button type="button" aria-label={t('overlayDismiss')} onClick={trusted(props.onDismissToast)}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
