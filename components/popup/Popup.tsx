import { useMemo } from 'preact/hooks';
import { buildJournal } from '@/utils/journal';
import { PAGE_REFLECTION_ID } from '@/utils/store/schema';
import { usePageJournal, type LoadedJournal } from './use-page-journal';
import { PopupApp } from './PopupApp';

export interface PopupProps {
  /** The popup's data, whose loading started before the first render. */
  initial: Promise<LoadedJournal>;
}

/** Connects the popup's view to the page journal hook. */
export function Popup({ initial }: PopupProps) {
  const j = usePageJournal(initial);
  const s = j.state;
  const journal = useMemo(() => buildJournal(s.record, s.info), [s.record, s.info]);
  return (
    <PopupApp
      loading={s.loading}
      title={s.info?.title ?? s.record?.title ?? ''}
      site={s.info?.site ?? s.record?.site ?? ''}
      journal={journal}
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
        // Benchmarks read two marks: 'gloss-ready' when the data is in the DOM (the
        // first render with data, committed), 'gloss-painted' in a task queued from the
        // next animation frame, which runs once that frame has been laid out and painted.
        document.documentElement.dataset.glossReady = '1';
        performance.mark('gloss-ready');
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => performance.mark('gloss-painted');
          channel.port2.postMessage(null);
        });
      }}
    />
  );
}
