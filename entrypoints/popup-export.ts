import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { popupExportApi } from '@/components/popup/export-api';

// The popup's export code as a classic script loaded on the first export: see
// components/popup/export-api.ts.
export default defineUnlistedScript({
  globalName: false,
  main: () => {
    window.glossPopupExport = popupExportApi;
  },
});
