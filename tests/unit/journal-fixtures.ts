// JournalView props for unit tests: an empty, writable popup journal whose callbacks do
// nothing; each test overrides what it looks at.
import type { JournalViewProps } from '@/components/journal/JournalView';
import { buildJournal } from '@/utils/journal';
import { DEFAULT_COLOR_LABELS } from '@/utils/store/schema';

const noop = () => {};

export function journalViewProps(over: Partial<JournalViewProps> = {}): JournalViewProps {
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
