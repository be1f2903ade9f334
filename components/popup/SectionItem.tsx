import { useState } from 'preact/hooks';
import type { ColorId } from '@/utils/store/schema';
import { reflectionLabel, wordCount, type SectionView } from '@/utils/journal';
import { HighlightItem } from './HighlightItem';
import { ReflectionEditor } from './ReflectionEditor';

export interface SectionItemProps {
  section: SectionView;
  labels: Record<ColorId, string>;
  onShowHighlight: (id: string) => void;
  onReflection: (text: string) => void;
  onEditStart: () => void;
  /** Resolves to the section's current text, for the drift comparison. */
  loadCurrentText: () => Promise<string | null>;
}

/** One section of the outline: its heading, highlights, and the reader's reflection. */
export function SectionItem(props: SectionItemProps) {
  const s = props.section;
  const [compare, setCompare] = useState<{ before: string; now: string } | null>(null);
  // The count is the section's own, also while only its first highlights are drawn.
  const n = s.highlightTotal ?? s.highlights.length;
  const written = !!s.reflection?.text.trim();
  return (
    <li
      class={`section level-${Math.min(s.level, 4)}${s.active ? ' active' : ''}`}
      aria-current={s.active ? 'location' : undefined}
      data-section-id={s.id}
    >
      <h2 class="section-heading">
        <span class="heading-text">{s.label}</span>
        <span class="badges">
          {n > 0 && <span class="badge">{n === 1 ? '1 highlight' : `${n} highlights`}</span>}
          {written && <span class="badge written">{`Reflection · ${wordCount(s.reflection!.text)} words`}</span>}
          {s.active && <span class="badge here">Reading</span>}
        </span>
      </h2>
      {n > 0 && (
        <ul class="highlights">
          {s.highlights.map((h) => (
            <HighlightItem key={h.id} highlight={h} labels={props.labels} onShow={() => props.onShowHighlight(h.id)} />
          ))}
        </ul>
      )}
      {s.drifted && (
        <div class="drift" role="note">
          <span>This section has changed since you wrote your reflection.</span>
          <button
            type="button"
            class="link"
            aria-expanded={!!compare}
            onClick={async () => {
              if (compare) return setCompare(null);
              const now = (await props.loadCurrentText()) ?? '';
              setCompare({ before: s.reflection?.sectionText ?? '(the earlier text was not kept)', now });
            }}
          >
            {compare ? 'Hide comparison' : 'Compare'}
          </button>
          {compare && (
            <div class="compare">
              <figure>
                <figcaption>When you wrote</figcaption>
                <p>{compare.before}</p>
              </figure>
              <figure>
                <figcaption>Now</figcaption>
                <p>{compare.now}</p>
              </figure>
            </div>
          )}
        </div>
      )}
      <ReflectionEditor
        label={reflectionLabel(s.heading)}
        value={s.reflection?.text ?? ''}
        placeholder="Your reflection on this section…"
        onChange={props.onReflection}
        onFocus={props.onEditStart}
      />
    </li>
  );
}
