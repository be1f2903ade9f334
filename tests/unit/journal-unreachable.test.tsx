import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { JournalView, type JournalViewProps } from '@/components/journal/JournalView';
import { buildJournal } from '@/utils/journal';
import { DEFAULT_COLOR_LABELS } from '@/utils/store/schema';

const noop = () => {};
function props(over: Partial<JournalViewProps>): JournalViewProps {
  return {
    host: 'popup',
    loading: false,
    title: '',
    site: '',
    journal: buildJournal(null, null),
    labels: { ...DEFAULT_COLOR_LABELS },
    pageProblem: null,
    writable: true,
    errors: [],
    hasNotes: false,
    onDismissError: noop,
    onReflection: noop,
    onPageReflection: noop,
    onEditStart: noop,
    loadSectionText: async () => null,
    onShowHighlight: noop,
    onDeleteHighlight: noop,
    onNote: noop,
    onColor: noop,
    undo: null,
    onDismissUndo: noop,
    onGoToSection: noop,
    onOpenPanel: null,
    onExport: noop,
    onOpenLibrary: noop,
    onRenameColor: noop,
    tags: [],
    onTags: noop,
    onReady: noop,
    ...over,
  };
}

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
