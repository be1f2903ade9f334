import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { buildJournal } from '@/utils/journal';
import { PAGE_REFLECTION_ID, type Highlight } from '@/utils/store/schema';
import { t } from '@/utils/i18n';
import { usePageJournal, type JournalEnv, type LoadedJournal } from './use-page-journal';
import { JournalView, type UndoOffer } from './JournalView';
import { firstScreen, POPUP_WIDTH_PX } from './first-screen';
import { ConflictCopies } from './ConflictCopies';
import { browserSyncConflictsEnv, useSyncConflicts, type SyncConflictsEnv } from './use-sync-conflicts';
import { SyncStatusLine } from './SyncStatusLine';
import type { PageChangeFeed } from './page-change-feed';

export interface JournalHostProps {
  /** The journal's data, whose loading started before the first render. */
  initial: Promise<LoadedJournal>;
  host: 'popup' | 'panel';
  env?: JournalEnv;
  /** Where sync's conflict copies are read and resolved; the browser's when absent. */
  syncEnv?: SyncConflictsEnv;
  /** The section in view as the tab reports it while the panel follows (overrides the loaded one). */
  activeSectionId?: string | null;
  /**
   * Opens the side panel for the journal's tab (popup only). Called synchronously within
   * the click (the browser's user gesture); a rejection is shown in the journal as an alert.
   */
  onOpenPanel?: ((tabId: number | null) => Promise<void>) | null;
  /** Each new value focuses the reflection of the section being read. */
  reflectRequest?: number;
  /** The side panel: the page's changes to its highlights, shown before storage has them. */
  pageChanges?: PageChangeFeed | null;
}

/**
 * Height the first render fills: the view's, at least 600 px. The toolbar popup is at
 * most 600 px tall (Chrome and Firefox) and grows to fit its content, so its view is
 * smaller than that while it opens; popup.html opened as a tab (?tabId=) can be taller.
 * (innerHeight does not lay the document out: only a parent frame's layout is updated.)
 */
const POPUP_MAX_PX = 600;
const firstScreenHeight = () => Math.max(window.innerHeight, POPUP_MAX_PX);
/** Width the first render's lines are counted for: the popup's own, the panel's view. */
const firstScreenWidth = (host: 'popup' | 'panel') => (host === 'popup' ? POPUP_WIDTH_PX : window.innerWidth);

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

const UNDO_MS = 8000;

/**
 * Connects the journal view to the page journal hook, in the popup or the side panel.
 * The first render with data holds what can be on screen (see firstScreen); the rest
 * follows once that frame is painted.
 */
export function JournalHost({ initial, host, env, syncEnv, activeSectionId, onOpenPanel = null, reflectRequest, pageChanges = null }: JournalHostProps) {
  const j = usePageJournal(initial, env, pageChanges);
  const s = j.state;
  const [whole, setWhole] = useState(false);
  const [undo, setUndo] = useState<UndoOffer | null>(null);
  const undoTimer = useRef<ReturnType<typeof setTimeout>>();
  const [panelError, setPanelError] = useState<string | null>(null);
  const openPanel =
    onOpenPanel &&
    (() => {
      setPanelError(null);
      onOpenPanel(s.tabId).catch((err: unknown) =>
        setPanelError(t('panelOpenFailed', err instanceof Error ? err.message : String(err))),
      );
    });
  const errors = panelError ? [...s.errors, panelError] : s.errors;
  const info = useMemo(
    () => (s.info && activeSectionId !== undefined ? { ...s.info, activeSectionId } : s.info),
    [s.info, activeSectionId],
  );
  const journal = useMemo(() => buildJournal(s.record, info), [s.record, info]);
  const activeId = info?.activeSectionId ?? null;
  const shown = useMemo(
    () =>
      whole
        ? { journal, complete: true }
        : // Both hosts open scrolled to the section being read: the screen is counted from there.
          firstScreen(journal, firstScreenHeight(), (id) => id === activeId, { widthPx: firstScreenWidth(host), startAt: activeId }),
    [journal, whole],
  );
  // Tests and benchmarks wait for data-gloss-ready: everything is in the DOM.
  useLayoutEffect(() => {
    if (!s.loading && shown.complete) {
      document.documentElement.dataset.glossReady = '1';
      performance.mark('gloss-complete');
    }
  }, [s.loading, shown.complete]);
  // Gloss cannot run in the tab, or the page has no article: said plainly, and nothing
  // is offered to type in (it could not be saved).
  // The loader says why when it tried to reach the tab (restricted page, reload needed).
  const unreachable = !s.loading && (!s.info || !!s.unreachable);
  const noArticle = !!s.info && s.info.outline.length === 0;
  const pageProblem = s.unreachable
    ? s.unreachable.message
    : unreachable
      ? s.tabId == null
        ? t('journalNoTab')
        : t('journalCannotRun')
      : noArticle
        ? t('journalNoArticle')
        : s.pageProblem;
  const writable = !!s.url && !!s.info && !noArticle && !unreachable;
  // One sync environment for the conflict copies and the panel's status line.
  const sync = useMemo(() => syncEnv ?? browserSyncConflictsEnv(), [syncEnv]);
  const conflicts = useSyncConflicts(s.url, s.record, sync);
  const deleteWithUndo = (h: Highlight) => {
    void j.deleteHighlight(h.id);
    clearTimeout(undoTimer.current);
    setUndo({
      message: t('journalDeleted'),
      run: () => {
        setUndo(null);
        void j.restoreHighlight(h);
      },
    });
    undoTimer.current = setTimeout(() => setUndo(null), UNDO_MS);
  };
  return (
    <>
    {/* The panel says how sync stands (the popup stays lean: the options page says it too). */}
    {host === 'panel' && <SyncStatusLine env={sync} />}
    {/* Sync's conflict copies (texts another device wrote at the same time). */}
    <ConflictCopies items={conflicts.items} error={conflicts.error} onTake={conflicts.take} onDismiss={conflicts.dismiss} />
    <JournalView
      host={host}
      loading={s.loading}
      title={s.info?.title ?? s.record?.title ?? ''}
      site={s.info?.site ?? s.record?.site ?? ''}
      journal={shown.journal}
      partial={!shown.complete}
      labels={s.labels}
      pageProblem={pageProblem}
      writable={writable}
      errors={errors}
      hasNotes={!!s.record}
      onDismissError={(e) => (e === panelError ? setPanelError(null) : j.dismissError(e))}
      onReflection={(id, heading, text) => void j.saveReflection(id, heading, text)}
      onPageReflection={(text) => void j.saveReflection(PAGE_REFLECTION_ID, null, text)}
      onEditStart={(id) => void j.loadSectionText(id)}
      loadSectionText={j.loadSectionText}
      onShowHighlight={(id) => void j.scrollTo(id)}
      onNote={(h, note) => void j.updateHighlight(h.id, { note })}
      onColor={(h, color) => void j.updateHighlight(h.id, { color })}
      onDeleteHighlight={deleteWithUndo}
      undo={undo}
      onDismissUndo={() => setUndo(null)}
      onGoToSection={(id) => void j.goToSection(id)}
      onExport={(f) => void j.exportPage(f)}
      onOpenLibrary={() => void j.openLibrary()}
      onOpenPanel={openPanel}
      onRenameColor={j.renameColor}
      tags={s.record?.tags ?? []}
      onTags={(tags) => void j.setTags(tags)}
      reflectRequest={reflectRequest}
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
