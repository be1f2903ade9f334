import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { JournalView } from '@/components/journal/JournalView';
import { journalViewProps } from './journal-fixtures';

/** Preact renders a state change on the next microtask; effects wait for a paint. */
const rendered = () => new Promise<void>((r) => queueMicrotask(r));

describe('the journal view keys', () => {
  it('Escape right after opening the Export menu closes it (no wait for a paint)', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    render(<JournalView {...journalViewProps({ hasNotes: true })} />, root);
    const button = [...root.querySelectorAll('button')].find((b) => b.getAttribute('aria-haspopup') === 'true')!;
    button.click();
    await rendered();
    expect(button.getAttribute('aria-expanded')).toBe('true');
    // The next key comes before any effect of the new render could run.
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await rendered();
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);
    render(null, root);
    root.remove();
  });
});

describe('the first screen of the journal view', () => {
  it('leaves what follows the outline (page reflection, tags, colour names) to the rest while it is partial', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    const below = () => ['.page-reflection', '.tags', '.color-names'].map((sel) => !!root.querySelector(sel));
    render(<JournalView {...journalViewProps({ partial: true })} />, root);
    expect(below()).toEqual([false, false, false]);
    render(<JournalView {...journalViewProps({ partial: false })} />, root);
    await rendered();
    expect(below()).toEqual([true, true, true]);
    expect(root.querySelector('textarea[aria-label="Reflection on the whole page"]')).not.toBeNull();
    render(null, root);
    root.remove();
  });
});
