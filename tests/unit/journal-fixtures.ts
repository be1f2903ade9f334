// JournalView props for unit tests: an empty, writable popup journal whose callbacks do
// nothing; each test overrides what it looks at.
import type { JournalViewProps } from '@/components/journal/JournalView';
import type { JournalEnv } from '@/components/journal/use-page-journal';
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

/** A JournalEnv whose calls succeed and do nothing (export refused: no test here exports). */
export function journalEnv(): JournalEnv {
  return {
    sendOp: async () => null,
    sectionText: async () => '',
    scrollToHighlight: async () => true,
    scrollToSection: async () => true,
    activateTab: async () => undefined,
    setColorLabels: async () => {},
    openLibrary: async () => undefined,
    extensionVersion: () => '0.0.0',
    loadExportCode: async () => {
      throw new Error('this test exports nothing');
    },
  };
}
