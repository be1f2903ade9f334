import { useState } from 'preact/hooks';
import { EXPORT_FORMATS, type ExportFormat } from '@/utils/library-export';

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
      setStatus({ ok: true, text: `Saved ${name} (${pageCount} ${pageCount === 1 ? 'page' : 'pages'}).` });
    } catch (err) {
      setStatus({ ok: false, text: `Could not export as ${label}: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="export-heading">
      <h2 id="export-heading">Export the whole library</h2>
      <ul class="export-buttons">
        {EXPORT_FORMATS.map((f) => (
          <li key={f.format}>
            <button
              type="button"
              data-format={f.format}
              disabled={busy || pageCount === 0}
              aria-describedby={`export-${f.format}-desc`}
              onClick={() => run(f.format, f.label)}
            >
              {f.label}
            </button>
            <span id={`export-${f.format}-desc`} class="hint">
              {f.description}
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
