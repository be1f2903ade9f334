import { render } from 'preact';
import { Popup } from '@/components/popup/Popup';
import type { LoadedJournal } from '@/components/popup/load-page-journal';
import { markdownToSafeHtml } from '@/utils/sanitize';

/**
 * Renders the popup into `root` with the data whose loading main.tsx started. `idle`:
 * the data is still on its way, so the Markdown sanitiser's one-time set-up is done
 * now rather than inside the first render with data.
 */
export function mount(initial: Promise<LoadedJournal>, root: HTMLElement, { idle = false } = {}) {
  render(<Popup initial={initial} />, root);
  if (idle) markdownToSafeHtml('*Gloss*');
}
