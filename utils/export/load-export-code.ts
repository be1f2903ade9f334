import type { PopupExportApi } from './page-export-api';
import { classicScriptLoader } from '../classic-script';
import { t } from '../i18n';

const load = classicScriptLoader('/popup-export.js', (win) => win.glossPopupExport, {
  notLoaded: () => t('exportCodeNotLoaded'),
  notStarted: () => t('exportCodeNotStarted'),
});

/**
 * The popup's export code (see ./page-export-api.ts): popup-export.js is added to the page
 * once, on the first export, and resolves with what it defines. Rejects, and tries
 * again next time, when the script cannot be loaded.
 */
export function loadExportCode(doc: Document = document): Promise<PopupExportApi> {
  return load(doc);
}
