import { describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { ImportPanel } from '@/components/library/ImportPanel';
import { checkImportSize, MAX_IMPORT_FILE_BYTES } from '@/utils/import/size';

describe('import file size', () => {
  it('is refused before the file is read', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    const onPreview = vi.fn();
    render(<ImportPanel onPreview={onPreview} onConfirm={vi.fn()} />, root);
    const text = vi.fn(async () => '{}');
    const huge = { name: 'huge.json', size: MAX_IMPORT_FILE_BYTES + 1, text } as unknown as File;
    const input = root.querySelector('input[type=file]') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [huge] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
    expect(text).not.toHaveBeenCalled();
    expect(onPreview).not.toHaveBeenCalled();
    expect(root.textContent).toMatch(/huge\.json cannot be imported: This file is 50 MB; Gloss imports files up to 50 MB\. Nothing was read/);
    root.remove();
  });

  it('lets a file of the limit through', () => {
    expect(() => checkImportSize(MAX_IMPORT_FILE_BYTES)).not.toThrow();
    expect(() => checkImportSize(MAX_IMPORT_FILE_BYTES + 1)).toThrow(/Gloss imports files up to 50 MB/);
  });
});
