import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { SectionItem } from '@/components/journal/SectionItem';
import { DEFAULT_COLOR_LABELS } from '@/utils/store/schema';
import type { SectionView } from '@/utils/journal';
import { highlight } from './store-fixtures';

function view(shown: number, total?: number): SectionView {
  return {
    id: 's',
    level: 1,
    heading: 'A section',
    label: 'A section',
    highlights: Array.from({ length: shown }, (_, i) => highlight(`h${i}`)),
    highlightTotal: total,
    reflection: null,
    drifted: false,
    active: false,
  };
}

function badges(section: SectionView): string[] {
  const root = document.createElement('div');
  render(
    <SectionItem
      section={section}
      labels={DEFAULT_COLOR_LABELS}
      open
      writable
      onToggle={() => {}}
      onReflect={() => {}}
      onShow={() => {}}
      onNote={null}
      onColor={null}
      onDelete={null}
      onReflection={() => {}}
      onEditStart={() => {}}
      loadCurrentText={async () => null}
    />,
    root,
  );
  const out = [...root.querySelectorAll('.badge')].map((b) => b.textContent ?? '');
  render(null, root);
  return out;
}

describe('a section in the popup', () => {
  it('counts its highlights', () => {
    expect(badges(view(3))).toEqual(['3 highlights']);
    expect(badges(view(1))).toEqual(['1 highlight']);
  });

  it('counts all its highlights while only the first are drawn (first screen)', () => {
    expect(badges(view(2, 40))).toEqual(['40 highlights']);
  });
});
