import { useEffect, useRef } from 'preact/hooks';
import { formatNumber, t } from '@/utils/i18n';

export interface LoadMoreProps {
  remaining: number;
  onMore: () => void;
}

/**
 * "Show more" button that also fires by itself when scrolled near the viewport, so a long
 * list renders in steps; keyboard and screen-reader users press the button.
 */
export function LoadMore({ remaining, onMore }: LoadMoreProps) {
  const button = useRef<HTMLButtonElement>(null);
  const onMoreRef = useRef(onMore);
  onMoreRef.current = onMore;
  useEffect(() => {
    const el = button.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) onMoreRef.current();
      },
      { rootMargin: '600px 0px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [remaining]);
  return (
    <button type="button" class="show-more" ref={button} onClick={() => onMore()}>
      {t('libraryMorePages', formatNumber(remaining))}
    </button>
  );
}
