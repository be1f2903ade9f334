import { buildExport } from '@/utils/export/formats';
import { downloadFile } from '@/utils/export/download';

/**
 * The export code the popup uses, built apart as popup-export.js (see
 * entrypoints/popup-export.ts) and loaded only when the reader exports: in the popup's
 * own script its modules' set-up (the zip library's tables) would run on every open.
 */
export const popupExportApi = { buildExport, downloadFile };
export type PopupExportApi = typeof popupExportApi;

declare global {
  interface Window {
    /** Set by popup-export.js. */
    glossPopupExport?: PopupExportApi;
  }
}
