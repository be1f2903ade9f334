import { useEffect, useRef, useState } from 'preact/hooks';
import { anchor } from '@/utils/anchoring';
import type { Painter } from '@/utils/highlight/painter';
import type { PageOp } from '@/utils/store/ops';
import type { PageRecord } from '@/utils/store/schema';
import { sampleHighlight, sampleMeta } from '@/utils/welcome-sample';
import { markdownFileName, pageToMarkdown } from '@/utils/export/markdown';
import { downloadFile } from '@/utils/export/download';
import { t } from '@/utils/i18n';
import { SampleTry } from './SampleTry';

/** What the practice needs from the browser; injectable for tests. */
export interface SamplePracticeEnv {
  /** Sends one change to the single writer (as the popup does); resolves to the stored record. */
  sendOp: (url: string, op: PageOp) => Promise<PageRecord | null>;
  /** Follows the practice page's stored record; returns a stop function. */
  watch: (cb: (record: PageRecord | null) => void) => () => void;
  /** Gloss's highlight painter (CSS Custom Highlight API); null where the browser has none. */
  painter: Painter | null;
  newId: () => string;
  now?: () => number;
}

export interface SamplePracticeProps {
  /** The address the practice notes are stored under (the welcome page's). */
  url: string;
  initial: PageRecord | null;
  env: SamplePracticeEnv;
}

/**
 * The welcome page's practice on the sample essay: the selection in the essay is
 * highlighted, painted and stored through the writer like any page's; reflections are
 * saved as typed; the notes export as Markdown. Failures are shown, never swallowed.
 */
export function SamplePractice({ url, initial, env }: SamplePracticeProps) {
  const [record, setRecord] = useState<PageRecord | null>(initial);
  const [canHighlight, setCanHighlight] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const article = useRef<HTMLElement>(null);
  const meta = sampleMeta(url);
  const now = env.now ?? Date.now;

  useEffect(() => env.watch(setRecord), []);
  // The selection is the essay's: the Highlight button says whether there is one.
  useEffect(() => {
    const doc = article.current?.ownerDocument;
    if (!doc) return;
    const check = () => {
      const sel = doc.getSelection();
      const root = article.current;
      setCanHighlight(!!sel && sel.rangeCount > 0 && !sel.isCollapsed && !!root && root.contains(sel.getRangeAt(0).commonAncestorContainer));
    };
    doc.addEventListener('selectionchange', check);
    return () => doc.removeEventListener('selectionchange', check);
  }, []);
  // Painted as on any page: each stored highlight anchored in the essay.
  useEffect(() => {
    const root = article.current;
    if (!root || !env.painter) return;
    const items = (record?.highlights ?? []).flatMap((h) => {
      const range = anchor(h.selectors, root);
      return range ? [{ id: h.id, color: h.color, range }] : [];
    });
    env.painter.paint(items);
  }, [record]);

  const save = (op: PageOp) =>
    env.sendOp(url, op).then(
      (stored) => {
        setMessage(null);
        setRecord(stored);
      },
      (err: unknown) => setMessage(t('welcomeTryFailed', err instanceof Error ? err.message : String(err))),
    );

  const highlight = () => {
    const root = article.current;
    const sel = root?.ownerDocument.getSelection();
    const range = sel && sel.rangeCount > 0 ? sel.getRangeAt(0) : null;
    const h = root && range ? sampleHighlight(range, root, { color: 'yellow', id: env.newId(), now: now() }) : null;
    if (!h) {
      setMessage(t('welcomeTrySelectFirst'));
      return;
    }
    sel?.removeAllRanges();
    void save({ type: 'addHighlight', meta, highlight: h });
  };

  return (
    <SampleTry
      record={record}
      articleRef={article}
      canHighlight={canHighlight}
      onHighlight={highlight}
      onReflection={(sectionId, heading, text) =>
        void save({ type: 'setReflection', meta, sectionId, heading, text, sectionHash: null, sectionText: null, at: now() })
      }
      onExport={() => {
        if (!record) return;
        downloadFile(markdownFileName(record), pageToMarkdown(record), 'text/markdown');
      }}
      message={message}
    />
  );
}
