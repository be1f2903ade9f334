import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { JournalView } from '@/components/journal/JournalView';
import { journalViewProps } from './journal-fixtures';

const props = journalViewProps;

describe('journal on a tab Gloss cannot reach', () => {
  it('says why and offers no field to type into', () => {
    const root = document.createElement('div');
    render(<JournalView {...props({ writable: false, pageProblem: 'Gloss cannot work on this page: …' })} />, root);
    expect(root.textContent).toContain('Gloss cannot work on this page');
    expect(root.querySelectorAll('input, textarea, [contenteditable]').length).toBe(0);
    expect(root.textContent).not.toContain('The page as a whole');
  });

  it('offers the fields on a reachable tab', () => {
    const root = document.createElement('div');
    render(<JournalView {...props({})} />, root);
    expect(root.querySelectorAll('input, textarea').length).toBeGreaterThan(0);
  });
});
