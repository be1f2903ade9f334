import { useState } from 'preact/hooks';
import { EXPORT_FORMATS, type ExportFormat } from '@/utils/library/export';
import { t, tCount } from '@/utils/i18n';

export interface ExportPanelProps {
  pageCount: number;
  /** Builds and saves the file; resolves with its name, rejects with a clear Error. */
  onExport: (format: ExportFormat) => Promise<string>;
}

/** One button per export format for the whole library, with the outcome announced. */
export function ExportPanel({ pageCount, onExport }: ExportPanelProps) {
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (format: ExportFormat, label: string) => {
    setBusy(true);
    setStatus(null);
    try {
      const name = await onExport(format);
      setStatus({ ok: true, text: t('libraryExportSaved', name, tCount(pageCount, 'libraryPagesOne', 'libraryPages')) });
    } catch (err) {
      setStatus({ ok: false, text: t('libraryExportFailed', label, err instanceof Error ? err.message : String(err)) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('libraryExportHeading')}</h2>
      <ul class="export-buttons">
        {EXPORT_FORMATS.map((f) => (
          <li key={f.format}>
            <button
              type="button"
              data-format={f.format}
              disabled={busy || pageCount === 0}
              aria-describedby={`export-${f.format}-desc`}
              onClick={() => run(f.format, t(f.label))}
            >
              {t(f.label)}
            </button>
            <span id={`export-${f.format}-desc`} class="hint">
              {t(f.description)}
            </span>
          </li>
        ))}
      </ul>
      {status && (
        <p class={status.ok ? 'status' : 'error'} role={status.ok ? 'status' : 'alert'}>
          {status.text}
        </p>
      )}
    </section>
  );
}
