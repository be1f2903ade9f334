import { render } from 'preact';
import { useMemo } from 'preact/hooks';
import { LibraryApp } from '@/components/library/LibraryApp';
import { browserLibraryEnv, useLibrary } from '@/components/library/use-library';
import '@/components/library/library.css';

// Marks the first render with data, for the benchmark and tests (tests/bench/library.bench.mjs).
function markReady() {
  document.documentElement.dataset.glossReady = '1';
  performance.mark('gloss-ready');
}

function LibraryRoot() {
  const env = useMemo(browserLibraryEnv, []);
  const [state, actions] = useLibrary(env);
  return <LibraryApp state={state} actions={actions} onReady={markReady} />;
}

render(<LibraryRoot />, document.getElementById('app')!);
