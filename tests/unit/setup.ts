import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import en from '../../public/_locales/en/messages.json';
import { formatMessage } from '@/utils/i18n';
import { provideMarkdownSink } from '@/utils/markdown-sink-loader';
import { markdownSink } from '@/utils/sanitize';

// fakeBrowser has no i18n: unit tests read the English catalogue, as an English browser does.
function installI18n() {
  fakeBrowser.i18n.getMessage = ((key: string, subs?: string | string[]) =>
    formatMessage(en, key, subs === undefined ? [] : Array.isArray(subs) ? subs : [subs])) as never;
  fakeBrowser.i18n.getUILanguage = () => 'en';
}

installI18n();
// Components render Markdown at once, as the library and welcome pages do (the popup and
// the side panel load the renderer after their first render: markdown-sink-loader.test).
provideMarkdownSink(markdownSink);
beforeEach(() => {
  fakeBrowser.reset();
  installI18n();
});
