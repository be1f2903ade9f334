import { useLayoutEffect, useState } from 'preact/hooks';
import { COLOR_IDS, type ColorId, type Highlight, type Reflection } from '@/utils/store/schema';
import { HIGHLIGHT_COLORS } from '@/utils/highlight/colors';
import type { JournalView } from '@/utils/journal';
import { HighlightItem } from './HighlightItem';
import { ReflectionEditor } from './ReflectionEditor';
import { SectionItem } from './SectionItem';

import type { ExportFormat } from './use-page-journal';
export type { ExportFormat };

export interface PopupAppProps {
  loading: boolean;
  title: string;
  site: string;
  journal: JournalView;
  labels: Record<ColorId, string>;
  pageProblem: string | null;
  /** Gloss cannot work in this tab: say why and offer no field (nothing could be saved). */
  unreachable: boolean;
  errors: string[];
  hasNotes: boolean;
  onDismissError: (msg: string) => void;
  onReflection: (sectionId: string, heading: string | null, text: string) => void;
  onPageReflection: (text: string) => void;
  onEditStart: (sectionId: string) => void;
  loadSectionText: (sectionId: string) => Promise<string | null>;
  onShowHighlight: (id: string) => void;
  onDeleteHighlight: (h: Highlight) => void;
  onExport: (format: ExportFormat) => void;
  onOpenLibrary: () => void;
  onRenameColor: (color: ColorId, label: string) => void;
  tags: string[];
  onTags: (tags: string[]) => void;
  /** Called once the page's data is on screen (benchmarks wait for it). */
  onReady: () => void;
}

function Detached({ reflections }: { reflections: Reflection[] }) {
  if (reflections.length === 0) return null;
  return (
    <section class="detached" aria-labelledby="detached-h">
      <h2 id="detached-h">Reflections on sections no longer on this page</h2>
      <ul>
        {reflections.map((r) => (
          <li key={r.sectionId}>
            <strong>{r.heading || 'Untitled section'}</strong>
            <p class="pre">{r.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The popup: the page's outline with highlights and a reflection per section. */
export function PopupApp(p: PopupAppProps) {
  const [exportOpen, setExportOpen] = useState(false);
  // A layout effect runs as soon as the DOM holds the data; a plain effect would wait
  // for Preact's after-paint timer.
  useLayoutEffect(() => {
    if (!p.loading) p.onReady();
  }, [p.loading]);
  if (p.loading) return <main class="popup" aria-busy="true" />;
  const j = p.journal;
  return (
    <main class="popup">
      <header class="top">
        <div class="titles">
          <h1 class="page-title">{p.title || 'Untitled page'}</h1>
          {p.site && <p class="site">{p.site}</p>}
        </div>
        <nav class="actions" aria-label="Gloss">
          <div class="menu">
            <button type="button" aria-haspopup="true" aria-expanded={exportOpen} onClick={() => setExportOpen(!exportOpen)} disabled={!p.hasNotes}>
              Export
            </button>
            {exportOpen && (
              <div class="menu-items" role="group" aria-label="Export formats">
                <button type="button" onClick={() => { setExportOpen(false); p.onExport('markdown'); }}>Markdown</button>
                <button type="button" onClick={() => { setExportOpen(false); p.onExport('json'); }}>JSON (Gloss)</button>
                <button type="button" onClick={() => { setExportOpen(false); p.onExport('jsonld'); }}>Web Annotation (JSON-LD)</button>
                <button type="button" onClick={() => { setExportOpen(false); p.onExport('html'); }}>Printable HTML</button>
              </div>
            )}
          </div>
          <button type="button" onClick={p.onOpenLibrary}>
            Library
          </button>
        </nav>
      </header>
      {p.errors.map((e) => (
        <div class="error" role="alert" key={e}>
          <span>{e}</span>
          <button type="button" class="link" aria-label="Dismiss" onClick={() => p.onDismissError(e)}>
            ×
          </button>
        </div>
      ))}
      {p.pageProblem && (
        <p class={p.unreachable ? 'notice unreachable' : 'notice'} role={p.unreachable ? 'status' : undefined}>
          {p.pageProblem}
        </p>
      )}
      {!p.unreachable && <Journal {...p} />}
    </main>
  );
}

/** Everything the reader can type into: only offered where it can be saved. */
function Journal(p: PopupAppProps) {
  const j = p.journal;
  return (
    <>
      <label class="tags">
        <span>Tags</span>
        <input
          type="text"
          aria-label="Tags, separated by commas"
          placeholder="e.g. therapy, to reread"
          value={p.tags.join(', ')}
          onChange={(e) =>
            p.onTags(
              (e.currentTarget as HTMLInputElement).value
                .split(',')
                .map((t) => t.trim())
                .filter(Boolean),
            )
          }
        />
      </label>
      <section class="page-reflection" aria-labelledby="page-reflection-h">
        <h2 id="page-reflection-h">The page as a whole</h2>
        <ReflectionEditor
          label="Reflection on the whole page"
          value={j.pageReflection?.text ?? ''}
          placeholder="What this piece means to you…"
          onChange={p.onPageReflection}
        />
      </section>
      {j.sections.length > 0 ? (
        <ol class="outline" aria-label="Sections">
          {j.sections.map((s) => (
            <SectionItem
              key={s.id}
              section={s}
              labels={p.labels}
              onShowHighlight={p.onShowHighlight}
              onReflection={(text) => p.onReflection(s.id, s.heading || null, text)}
              onEditStart={() => p.onEditStart(s.id)}
              loadCurrentText={() => p.loadSectionText(s.id)}
            />
          ))}
        </ol>
      ) : (
        !p.pageProblem && <p class="notice">No article text found on this page.</p>
      )}
      {j.orphans.length > 0 && (
        <section class="orphans" aria-labelledby="orphans-h">
          <h2 id="orphans-h">Not found on this page</h2>
          <p class="hint">The page changed and these passages could not be found. They are kept until you delete them.</p>
          <ul class="highlights">
            {j.orphans.map((h) => (
              <HighlightItem key={h.id} highlight={h} labels={p.labels} onShow={null} onDelete={() => p.onDeleteHighlight(h)} />
            ))}
          </ul>
        </section>
      )}
      <Detached reflections={j.detachedReflections} />
      <details class="color-names">
        <summary>Colour names</summary>
        <p class="hint">Name the colours after what they mean to you; the toolbar and exports use these names.</p>
        {COLOR_IDS.map((c) => (
          <label key={c} class="color-name">
            <span class="dot" style={{ '--hl': HIGHLIGHT_COLORS[c].solid }} aria-hidden="true" />
            <input
              type="text"
              maxLength={40}
              aria-label={`Name for the ${c} colour`}
              value={p.labels[c]}
              onChange={(e) => {
                const v = (e.currentTarget as HTMLInputElement).value.trim();
                if (v) p.onRenameColor(c, v);
              }}
            />
          </label>
        ))}
      </details>
    </>
  );
}
