import { render } from 'preact';
import { useMemo } from 'preact/hooks';
import { LibraryApp } from '@/components/library/LibraryApp';
import { browserLibraryEnv, useLibrary } from '@/components/library/use-library';
import '@/components/library/library.css';
import { t } from '@/utils/i18n';
import { provideMarkdownSink } from '@/utils/markdown-sink-loader';
import { markdownSink } from '@/utils/sanitize';

// Marks the first render with data (cached summary or records), for the benchmark and tests
// (tests/bench/library.bench.mjs).
function markReady() {
  document.documentElement.dataset.glossReady = '1';
  performance.mark('gloss-ready');
}

// Marks the first render with every stored record loaded (search, details, exports ready).
function markLoaded() {
  document.documentElement.dataset.glossLoaded = '1';
  performance.mark('gloss-library-loaded');
}

function LibraryRoot() {
  const env = useMemo(browserLibraryEnv, []);
  const [state, actions] = useLibrary(env);
  return <LibraryApp state={state} actions={actions} onReady={markReady} onLoaded={markLoaded} />;
}

provideMarkdownSink(markdownSink);
document.title = t('libraryTitle');
render(<LibraryRoot />, document.getElementById('app')!);
