import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { PopupApp, type PopupAppProps } from '@/components/popup/PopupApp';
import { buildJournal } from '@/utils/journal';
import { DEFAULT_COLOR_LABELS } from '@/utils/store/schema';

const noop = () => {};
function props(over: Partial<PopupAppProps>): PopupAppProps {
  return {
    loading: false,
    title: '',
    site: '',
    journal: buildJournal(null, null),
    labels: { ...DEFAULT_COLOR_LABELS },
    pageProblem: null,
    unreachable: false,
    errors: [],
    hasNotes: false,
    onDismissError: noop,
    onReflection: noop,
    onPageReflection: noop,
    onEditStart: noop,
    loadSectionText: async () => null,
    onShowHighlight: noop,
    onDeleteHighlight: noop,
    onExport: noop,
    onOpenLibrary: noop,
    onRenameColor: noop,
    tags: [],
    onTags: noop,
    onReady: noop,
    ...over,
  };
}

describe('popup on a tab Gloss cannot reach', () => {
  it('says why and offers no field to type into', () => {
    const root = document.createElement('div');
    render(<PopupApp {...props({ unreachable: true, pageProblem: 'Gloss cannot work on this page: …' })} />, root);
    expect(root.textContent).toContain('Gloss cannot work on this page');
    expect(root.querySelectorAll('input, textarea, [contenteditable]').length).toBe(0);
    expect(root.textContent).not.toContain('The page as a whole');
  });

  it('offers the fields on a reachable tab', () => {
    const root = document.createElement('div');
    render(<PopupApp {...props({})} />, root);
    expect(root.querySelectorAll('input, textarea').length).toBeGreaterThan(0);
  });
});
