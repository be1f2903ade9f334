import { PAGE_REFLECTION_ID, type ColorId, type PageRecord } from '@/utils/store/schema';
import { textFragmentUrl } from '@/utils/export/text-fragment';
import { MarkdownView } from '@/components/MarkdownView';

export interface PageDetailsProps {
  page: PageRecord;
  colorLabels: Record<ColorId, string>;
}

/** A page's highlights (each linking into the page) and reflections (Markdown, sanitised). */
export function PageDetails({ page, colorLabels }: PageDetailsProps) {
  const order = new Map((page.outline ?? []).map((s, i) => [s.id, i]));
  const reflections = Object.values(page.reflections)
    .filter((r) => r.text.trim() !== '')
    .sort((a, b) => {
      const ia = a.sectionId === PAGE_REFLECTION_ID ? -1 : order.get(a.sectionId) ?? Infinity;
      const ib = b.sectionId === PAGE_REFLECTION_ID ? -1 : order.get(b.sectionId) ?? Infinity;
      return ia - ib;
    });
  return (
    <div class="page-details">
      {page.highlights.length > 0 && (
        <section>
          <h3>Highlights</h3>
          <ul class="highlights">
            {page.highlights.map((h) => (
              <li key={h.id} class={`highlight color-${h.color}`}>
                <span class="color-dot" aria-hidden="true" />
                <span class="visually-hidden">{colorLabels[h.color]} highlight: </span>
                <blockquote>{h.text}</blockquote>
                {h.sectionHeading && <p class="highlight-section">In “{h.sectionHeading}”</p>}
                {h.note.trim() && (
                  <p class="note">
                    <span class="note-label">Note: </span>
                    {h.note}
                  </p>
                )}
                <a href={textFragmentUrl(page.url, h.selectors.quote)} target="_blank" rel="noopener noreferrer">
                  Open at this highlight<span class="visually-hidden"> (opens in a new tab)</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {reflections.length > 0 && (
        <section>
          <h3>Reflections</h3>
          {reflections.map((r) => (
            <article key={r.sectionId} class="reflection">
              <h4>{r.sectionId === PAGE_REFLECTION_ID ? 'The whole page' : r.heading || 'A section no longer found'}</h4>
              <MarkdownView markdown={r.text} />
            </article>
          ))}
        </section>
      )}
    </div>
  );
}
