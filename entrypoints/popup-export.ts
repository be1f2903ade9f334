import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { popupExportApi } from '@/utils/export/page-export-api';

// The popup's export code as a classic script loaded on the first export: see
// utils/export/page-export-api.ts.
export default defineUnlistedScript({
  globalName: false,
  main: () => {
    window.glossPopupExport = popupExportApi;
  },
});
