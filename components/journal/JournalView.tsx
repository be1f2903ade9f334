import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { COLOR_IDS, type ColorId, type Highlight, type Reflection } from '@/utils/store/schema';
import { swatchColor } from '@/utils/highlight/colors';
import { sectionHasNotes, type DetachedSection, type JournalView as Journal } from '@/utils/journal';
import { t } from '@/utils/i18n';
import { HighlightItem, type HighlightActions } from './HighlightItem';
import { ReflectionEditor } from './ReflectionEditor';
import { SectionItem } from './SectionItem';
import { MarkdownView } from '@/components/MarkdownView';

import type { ExportFormat } from './use-page-journal';
export type { ExportFormat };

export interface UndoOffer {
  message: string;
  run: () => void;
}

export interface JournalViewProps {
  /** The popup opens at the section being read; the panel keeps it in view as the reader scrolls. */
  host: 'popup' | 'panel';
  loading: boolean;
  title: string;
  site: string;
  journal: Journal;
  labels: Record<ColorId, string>;
  /** Why the page cannot be journaled (Gloss cannot run there, no article), in plain words. */
  pageProblem: string | null;
  /** False: nothing typed here could be saved, so no input is offered. */
  writable: boolean;
  errors: string[];
  hasNotes: boolean;
  onDismissError: (msg: string) => void;
  onReflection: (sectionId: string, heading: string | null, text: string) => void;
  onPageReflection: (text: string) => void;
  onEditStart: (sectionId: string) => void;
  loadSectionText: (sectionId: string) => Promise<string | null>;
  onShowHighlight: (id: string) => void;
  onNote: (h: Highlight, note: string) => void;
  onColor: (h: Highlight, color: ColorId) => void;
  onDeleteHighlight: (h: Highlight) => void;
  undo: UndoOffer | null;
  onDismissUndo: () => void;
  /** Scrolls the page to a section. */
  onGoToSection: (sectionId: string) => void;
  onExport: (format: ExportFormat) => void;
  onOpenLibrary: () => void;
  /** Opens the side panel (popup only; null where there is none). */
  onOpenPanel: (() => void) | null;
  onRenameColor: (color: ColorId, label: string) => void;
  tags: string[];
  onTags: (tags: string[]) => void;
  /** Each new value: focus the reflection of the section being read (context menu "Reflect on this section"). */
  reflectRequest?: number;
  /** Called once the page's data is on screen (benchmarks wait for it). */
  onReady: () => void;
  /**
   * True while `journal` is only the first screen (cut below the fold, see first-screen.ts):
   * what follows the outline (the page's reflection, tags, colour names) is below the cut
   * and comes with the rest.
   */
  partial?: boolean;
}

/** Sections no longer on the page that still hold notes, under their stored heading. */
function Detached({ sections, renderHighlight }: { sections: DetachedSection[]; renderHighlight: (h: Highlight) => ComponentChildren }) {
  const shown = sections.filter((d) => d.highlights.length > 0 || !!d.reflection?.text.trim());
  if (shown.length === 0) return null;
  return (
    <section class="detached" aria-labelledby="detached-h">
      <h2 id="detached-h">{t('journalDetached')}</h2>
      <ul>
        {shown.map((d) => (
          <li key={d.id}>
            <strong dir="auto">{d.heading || t('journalUntitledSection')}</strong>
            {d.highlights.length > 0 && <ul class="highlights">{d.highlights.map(renderHighlight)}</ul>}
            {d.reflection?.text.trim() && (
              <p class="pre" dir="auto">
                {d.reflection.text}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

const isTyping = (el: Element | null) => !!el && (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT' || el.tagName === 'SELECT' || (el as HTMLElement).isContentEditable);

const EXPORTS: [ExportFormat, Parameters<typeof t>[0]][] = [
  ['markdown', 'journalExportMarkdown'],
  ['json', 'journalExportJson'],
  ['jsonld', 'journalExportJsonLd'],
  ['html', 'journalExportHtml'],
];

/**
 * The journal of one page, the same view in the toolbar popup and in the side panel: the
 * outline with the section being read marked and expanded (the others one line each),
 * each section's highlights and reflection, then the page's own reflection and tags.
 */
export function JournalView(p: JournalViewProps) {
  const [exportOpen, setExportOpen] = useState(false);
  const exportButton = useRef<HTMLButtonElement>(null);
  const [onlyNotes, setOnlyNotes] = useState(false);
  /** Sections the reader opened or closed by hand (the section being read is open unless closed). */
  const [toggled, setToggled] = useState<Map<string, boolean>>(() => new Map());
  const [focus, setFocus] = useState<{ id: string; n: number } | null>(null);
  const root = useRef<HTMLElement>(null);
  const j = p.journal;
  const active = j.sections.find((s) => s.active) ?? null;
  const isOpen = (id: string) => toggled.get(id) ?? id === active?.id;
  const setOpen = (id: string, open: boolean) => setToggled((m) => new Map(m).set(id, open));
  const reflectOn = (id: string) => {
    setOpen(id, true);
    setFocus((f) => ({ id, n: (f?.n ?? 0) + 1 }));
  };
  const reflectHere = () => {
    const target = active ?? j.sections[0];
    if (target && p.writable) reflectOn(target.id);
  };

  // A layout effect runs as soon as the DOM holds the data; a plain effect would wait
  // for Preact's after-paint timer.
  useLayoutEffect(() => {
    if (!p.loading) p.onReady();
  }, [p.loading]);

  // You are here: the popup opens at the section being read; the panel keeps it in view
  // as the reader scrolls, unless the reader is typing in it.
  const first = useRef(true);
  useLayoutEffect(() => {
    if (p.loading) return;
    const el = root.current?.querySelector('[aria-current="location"]');
    const wasFirst = first.current;
    first.current = false;
    if (!el) return;
    if (wasFirst) {
      el.scrollIntoView({ block: 'start' });
      // Benchmarks: the journal is at the section being read.
      performance.mark('gloss-scrolled');
    } else if (p.host === 'panel' && !isTyping(document.activeElement)) el.scrollIntoView({ block: 'nearest' });
  }, [p.loading, active?.id]);

  // One keystroke to the reflection of the section being read: R (outside text boxes).
  // One listener for the view's life, reading the state of the latest render through a
  // ref: a listener re-registered after each paint would still hold the previous render's
  // state when a key follows the click or key that changed it (Enter, then Escape at once).
  const onKey = useRef<(e: KeyboardEvent) => void>(() => {});
  onKey.current = (e) => {
    if (e.key === 'Escape' && exportOpen) {
      setExportOpen(false);
      exportButton.current?.focus();
      return;
    }
    if ((e.key === 'r' || e.key === 'R') && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target as Element)) {
      e.preventDefault();
      reflectHere();
    }
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey.current(e);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);
  useEffect(() => {
    if (p.reflectRequest) reflectHere();
  }, [p.reflectRequest]);

  if (p.loading) return <main class={`journal ${p.host}`} aria-busy="true" aria-label={t('journalLoading')} />;
  const actions: HighlightActions = {
    onShow: p.writable ? p.onShowHighlight : null,
    onNote: p.writable ? p.onNote : null,
    onColor: p.writable ? p.onColor : null,
    onDelete: p.writable ? p.onDeleteHighlight : null,
  };
  const sections = onlyNotes ? j.sections.filter((s) => s.active || sectionHasNotes(s)) : j.sections;
  return (
    <main class={`journal ${p.host}`} ref={root}>
      <header class="top">
        <div class="titles">
          <h1 class="page-title" dir="auto">
            {p.title || t('journalUntitledPage')}
          </h1>
          {p.site && (
            <p class="site" dir="auto">
              {p.site}
            </p>
          )}
        </div>
        <nav class="actions" aria-label="Gloss">
          {p.onOpenPanel && (
            <button type="button" onClick={p.onOpenPanel}>
              {t('journalOpenBeside')}
            </button>
          )}
          <div class="menu">
            <button
              ref={exportButton}
              type="button"
              aria-haspopup="true"
              aria-expanded={exportOpen}
              onClick={() => setExportOpen(!exportOpen)}
              disabled={!p.hasNotes}
            >
              {t('journalExport')}
            </button>
            {exportOpen && (
              <div class="menu-items" role="group" aria-label={t('journalExportFormats')}>
                {EXPORTS.map(([f, key]) => (
                  <button
                    key={f}
                    type="button"
                    onClick={() => {
                      setExportOpen(false);
                      p.onExport(f);
                    }}
                  >
                    {t(key)}
                  </button>
                ))}
              </div>
            )}
          </div>
          <button type="button" onClick={p.onOpenLibrary}>
            {t('journalLibrary')}
          </button>
        </nav>
      </header>
      {p.errors.map((e) => (
        <div class="error" role="alert" key={e}>
          <span dir="auto">{e}</span>
          <button type="button" class="link" aria-label={t('journalDismiss')} onClick={() => p.onDismissError(e)}>
            ×
          </button>
        </div>
      ))}
      {p.undo && (
        <div class="undo" role="status">
          <span>{p.undo.message}</span>
          <button type="button" class="link" onClick={p.undo.run}>
            {t('journalUndo')}
          </button>
          <button type="button" class="link" aria-label={t('journalDismiss')} onClick={p.onDismissUndo}>
            ×
          </button>
        </div>
      )}
      {p.pageProblem && <p class="notice">{p.pageProblem}</p>}
      {j.sections.length > 0 && (
        <div class="outline-tools">
          <label class="only-notes">
            <input type="checkbox" checked={onlyNotes} onChange={(e) => setOnlyNotes((e.currentTarget as HTMLInputElement).checked)} />
            {t('journalOnlyWithNotes')}
          </label>
          {p.writable && <span class="hint">{t('journalShortcutHint')}</span>}
        </div>
      )}
      {sections.length > 0 && (
        <ol class="outline" aria-label={t('journalSections')}>
          {sections.map((s) => (
            <SectionItem
              key={s.id}
              section={s}
              labels={p.labels}
              open={isOpen(s.id)}
              writable={p.writable}
              onToggle={(open) => {
                setOpen(s.id, open);
                if (p.writable) p.onGoToSection(s.id);
              }}
              onReflect={() => reflectOn(s.id)}
              focusToken={focus?.id === s.id ? focus.n : undefined}
              {...actions}
              onReflection={(text) => p.onReflection(s.id, s.heading || null, text)}
              onEditStart={() => p.onEditStart(s.id)}
              loadCurrentText={() => p.loadSectionText(s.id)}
            />
          ))}
        </ol>
      )}
      {j.elsewhere.length > 0 && (
        <section class="elsewhere" aria-labelledby="elsewhere-h">
          <h2 id="elsewhere-h">{t('journalElsewhere')}</h2>
          <p class="hint">{t('journalElsewhereHint')}</p>
          <ul class="highlights">
            {j.elsewhere.map((h) => (
              <HighlightItem key={h.id} highlight={h} labels={p.labels} {...actions} />
            ))}
          </ul>
        </section>
      )}
      {j.orphans.length > 0 && (
        <section class="orphans" aria-labelledby="orphans-h">
          <h2 id="orphans-h">{t('journalNotFound')}</h2>
          <p class="hint">{t('journalNotFoundHint')}</p>
          <ul class="highlights">
            {j.orphans.map((h) => (
              <HighlightItem key={h.id} highlight={h} labels={p.labels} {...actions} onShow={null} />
            ))}
          </ul>
        </section>
      )}
      <Detached sections={j.detached} renderHighlight={(h) => <HighlightItem key={h.id} highlight={h} labels={p.labels} {...actions} />} />
      {p.partial ? null : p.writable ? (
        <section class="page-reflection" aria-labelledby="page-reflection-h">
          <h2 id="page-reflection-h">{t('journalWholePage')}</h2>
          <ReflectionEditor
            label={t('journalReflectionWholePage')}
            value={j.pageReflection?.text ?? ''}
            placeholder={t('journalWholePagePlaceholder')}
            onChange={p.onPageReflection}
          />
          <label class="tags">
            <span>{t('journalTags')}</span>
            <input
              type="text"
              dir="auto"
              aria-label={t('journalTagsLabel')}
              placeholder={t('journalTagsPlaceholder')}
              value={p.tags.join(', ')}
              onChange={(e) =>
                p.onTags(
                  (e.currentTarget as HTMLInputElement).value
                    .split(',')
                    .map((x) => x.trim())
                    .filter(Boolean),
                )
              }
            />
          </label>
        </section>
      ) : (
        j.pageReflection?.text.trim() && (
          <section class="page-reflection" aria-labelledby="page-reflection-h">
            <h2 id="page-reflection-h">{t('journalWholePage')}</h2>
            <MarkdownView markdown={j.pageReflection.text} class="rendered" />
          </section>
        )
      )}
      {p.writable && !p.partial && (
        <details class="color-names">
          <summary>{t('journalColourNames')}</summary>
          <p class="hint">{t('journalColourNamesHint')}</p>
          {COLOR_IDS.map((c) => (
            <label key={c} class="color-name">
              <span class="dot" style={{ '--hl': swatchColor(c) }} aria-hidden="true" />
              <input
                type="text"
                maxLength={40}
                dir="auto"
                aria-label={t('journalColourNameFor', c)}
                value={p.labels[c]}
                onChange={(e) => {
                  const v = (e.currentTarget as HTMLInputElement).value.trim();
                  if (v) p.onRenameColor(c, v);
                }}
              />
            </label>
          ))}
        </details>
      )}
    </main>
  );
}
