/** Import: the file size check made before a file is read. */
import { t } from '../i18n';

/** Largest import file Gloss reads, in bytes. */
export const MAX_IMPORT_FILE_BYTES = 50 * 1024 * 1024;

/**
 * Throws a plain-language Error when a file of `bytes` is too large to import; called
 * with `File.size` before the file is read, so a huge file is never loaded.
 */
export function checkImportSize(bytes: number, max = MAX_IMPORT_FILE_BYTES): void {
  if (bytes > max) {
    const mb = (n: number) => (Math.round((n / 1024 / 1024) * 10) / 10).toString();
    throw new Error(t('importTooLarge', mb(bytes), mb(max)));
  }
}
