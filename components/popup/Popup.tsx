import { useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { buildJournal } from '@/utils/journal';
import { PAGE_REFLECTION_ID } from '@/utils/store/schema';
import { usePageJournal, type LoadedJournal } from './use-page-journal';
import { PopupApp } from './PopupApp';
import { firstScreen } from './first-screen';
import { ReflectionConflicts } from './ReflectionConflicts';
import { useSyncConflicts } from './use-sync-conflicts';

export interface PopupProps {
  /** The popup's data, whose loading started before the first render. */
  initial: Promise<LoadedJournal>;
}

/** Height the first render fills: the view's, or a full-size popup's while it grows to fit. */
const firstScreenHeight = () => Math.max(window.innerHeight, 600);

/** Runs `fn` in a task after the next frame has been laid out and painted. */
function afterPaint(fn: () => void) {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    fn();
  };
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = once;
    channel.port2.postMessage(null);
  });
  // A hidden page gets no animation frames.
  setTimeout(once, 100);
}

/**
 * Connects the popup's view to the page journal hook. The first render with data holds
 * what can be on screen (see firstScreen); the rest follows once that frame is painted.
 */
export function Popup({ initial }: PopupProps) {
  const j = usePageJournal(initial);
  const s = j.state;
  const [whole, setWhole] = useState(false);
  const journal = useMemo(() => buildJournal(s.record, s.info), [s.record, s.info]);
  // Sync's conflict copies (texts another device wrote at the same time), shown above.
  const conflicts = useSyncConflicts(s.url, s.record);
  const shown = useMemo(() => (whole ? { journal, complete: true } : firstScreen(journal, firstScreenHeight())), [journal, whole]);
  // Tests and benchmarks wait for data-gloss-ready: everything is in the DOM.
  useLayoutEffect(() => {
    if (!s.loading && shown.complete) {
      document.documentElement.dataset.glossReady = '1';
      performance.mark('gloss-complete');
    }
  }, [s.loading, shown.complete]);
  return (
    <>
    <ReflectionConflicts items={conflicts.items} error={conflicts.error} onTake={conflicts.take} onDismiss={conflicts.dismiss} />
    <PopupApp
      loading={s.loading}
      title={s.info?.title ?? s.record?.title ?? ''}
      site={s.info?.site ?? s.record?.site ?? ''}
      journal={shown.journal}
      labels={s.labels}
      pageProblem={s.pageProblem}
      errors={s.errors}
      hasNotes={!!s.record}
      onDismissError={j.dismissError}
      onReflection={(id, heading, text) => void j.saveReflection(id, heading, text)}
      onPageReflection={(text) => void j.saveReflection(PAGE_REFLECTION_ID, null, text)}
      onEditStart={(id) => void j.loadSectionText(id)}
      loadSectionText={j.loadSectionText}
      onShowHighlight={(id) => void j.scrollTo(id)}
      onDeleteHighlight={(h) => void j.deleteHighlight(h.id)}
      onExport={(f) => void j.exportPage(f)}
      onOpenLibrary={() => void j.openLibrary()}
      onRenameColor={j.renameColor}
      tags={s.record?.tags ?? []}
      onTags={(tags) => void j.setTags(tags)}
      onReady={() => {
        // Benchmarks read 'gloss-ready' when the first data is in the DOM (the first
        // render with data, committed) and 'gloss-painted' in a task after the next
        // frame has been laid out and painted; the rest of the journal is rendered then.
        performance.mark('gloss-ready');
        afterPaint(() => {
          performance.mark('gloss-painted');
          setWhole(true);
        });
      }}
    />
    </>
  );
}
