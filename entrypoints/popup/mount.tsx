import { render } from 'preact';
import { Popup } from '@/components/popup/Popup';
import type { LoadedJournal } from '@/components/popup/load-page-journal';

/** Renders the popup into `root` with the data whose loading main.tsx started. */
export function mount(initial: Promise<LoadedJournal>, root: HTMLElement) {
  render(<Popup initial={initial} />, root);
}
