import { checkImportSize } from '@/utils/import/size';
import { useRef, useState } from 'preact/hooks';
import { describeImport } from '@/utils/library/view';
import { t, tCount } from '@/utils/i18n';
import type { ImportSummary } from '@/utils/store/library';
import type { ImportPreview } from './use-library';

export interface ImportPanelProps {
  /** Parses and compares without writing; rejects with a clear Error for an invalid file. */
  onPreview: (text: string) => Promise<ImportPreview>;
  /** Writes the import; resolves with what changed. */
  onConfirm: (text: string) => Promise<ImportSummary>;
}

/** An error's message as a sentence (ending in a full stop), to be followed by another. */
function sentence(err: unknown): string {
  const text = (err instanceof Error ? err.message : String(err)).trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

type Step =
  | { kind: 'idle' }
  | { kind: 'preview'; name: string; text: string; preview: ImportPreview }
  | { kind: 'busy' }
  | { kind: 'done'; summary: ImportSummary }
  | { kind: 'error'; text: string };

/** File picker → preview of what would change → confirm. Nothing is written before confirm. */
export function ImportPanel({ onPreview, onConfirm }: ImportPanelProps) {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);

  const reset = () => {
    if (input.current) input.current.value = '';
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      // The size is checked before the file is read: a huge file is never loaded.
      checkImportSize(file.size);
      const text = await file.text();
      const preview = await onPreview(text);
      setStep({ kind: 'preview', name: file.name, text, preview });
      queueMicrotask(() => confirmButton.current?.focus());
    } catch (err) {
      setStep({
        kind: 'error',
        text: t('libraryImportRefused', file.name, sentence(err)),
      });
      reset();
    }
  };

  const confirm = async (text: string) => {
    setStep({ kind: 'busy' });
    try {
      setStep({ kind: 'done', summary: await onConfirm(text) });
    } catch (err) {
      setStep({
        kind: 'error',
        text: t('libraryImportFailed', sentence(err)),
      });
    }
    reset();
  };

  return (
    <section class="panel" aria-labelledby="import-heading">
      <h2 id="import-heading">{t('libraryImportHeading')}</h2>
      <label for="import-file">{t('libraryImportChoose')}</label>
      <input
        id="import-file"
        type="file"
        accept=".json,.jsonld,application/json,application/ld+json"
        ref={input}
        onChange={(e) => onFile((e.currentTarget as HTMLInputElement).files?.[0])}
      />
      {step.kind === 'preview' && (
        <div class="import-preview" role="group" aria-labelledby="import-preview-text">
          <p id="import-preview-text" dir="auto">
            {t(
              'libraryImportPreview',
              step.name,
              tCount(step.preview.pageCount, 'libraryPagesOne', 'libraryPages'),
              describeImport(step.preview.summary),
            )}
          </p>
          <button type="button" ref={confirmButton} onClick={() => confirm(step.text)}>
            {t('libraryImportConfirm')}
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              setStep({ kind: 'idle' });
              reset();
            }}
          >
            {t('libraryImportCancel')}
          </button>
        </div>
      )}
      {step.kind === 'busy' && <p role="status">{t('libraryImporting')}</p>}
      {step.kind === 'done' && (
        <p class="status" role="status">
          {t('libraryImported', describeImport(step.summary))}
        </p>
      )}
      {step.kind === 'error' && (
        <p class="error" role="alert" dir="auto">
          {step.text}
        </p>
      )}
    </section>
  );
}
