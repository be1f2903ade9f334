import type { PopupExportApi } from './page-export-api';
import { t } from '../i18n';

let loading: Promise<PopupExportApi> | null = null;

/**
 * The popup's export code (see ./export-api.ts): popup-export.js is added to the page
 * once, on the first export, and resolves with what it defines. Rejects, and tries
 * again next time, when the script cannot be loaded.
 */
export function loadExportCode(doc: Document = document, src = '/popup-export.js'): Promise<PopupExportApi> {
  loading ??= new Promise<PopupExportApi>((resolve, reject) => {
    const script = doc.createElement('script');
    script.src = src;
    script.onload = () => {
      const api = doc.defaultView?.glossPopupExport;
      if (api) resolve(api);
      else reject(new Error(t('exportCodeNotStarted')));
    };
    script.onerror = () => reject(new Error(t('exportCodeNotLoaded')));
    doc.head.append(script);
  }).catch((err: Error) => {
    loading = null;
    throw err;
  });
  return loading;
}
