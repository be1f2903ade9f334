import { useEffect, useRef } from 'preact/hooks';
import { t } from '@/utils/i18n';

export interface ToastProps {
  message: string;
  actionLabel: string;
  onAction: () => void;
  /** Called when the toast times out or is dismissed. */
  onDismiss: () => void;
  /** How long the toast stays, in ms; paused while the pointer is over it. */
  timeoutMs?: number;
}

/**
 * A status message with one action (Undo). Focus moves to the action so a keyboard user
 * can take it at once (the control they used has just disappeared); the timer pauses
 * while the pointer is over the toast. Escape dismisses it.
 */
export function Toast({ message, actionLabel, onAction, onDismiss, timeoutMs = 6000 }: ToastProps) {
  const button = useRef<HTMLButtonElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const dismissRef = useRef(onDismiss);
  dismissRef.current = onDismiss;

  const stop = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  const start = () => {
    stop();
    timer.current = setTimeout(() => dismissRef.current(), timeoutMs);
  };

  useEffect(() => {
    button.current?.focus();
    start();
    return stop;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [message]);

  return (
    <div
      class="toast"
      role="status"
      aria-live="polite"
      onMouseEnter={stop}
      onMouseLeave={start}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDismiss();
      }}
    >
      <span dir="auto">{message}</span>
      <button type="button" ref={button} class="toast-action" onClick={onAction}>
        {actionLabel}
      </button>
      <button type="button" class="toast-close" aria-label={t('journalDismiss')} onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
