// A heading's text as a reader sees it: without permalink anchors ("#", "¶", an icon),
// edit links ("[edit]"), footnote markers or hidden parts. The walk never reads a
// heading's subtree; detection asks this of the few candidates it keeps.
import { SKIP_TAGS, isHiddenByAttributes } from './classify';
import { normaliseText, stripDecorations } from './text';

/** Text of a heading element without permalink/edit decorations or hidden parts. */
export function headingText(el: Element): string {
  // Most headings hold one text node: no walk needed.
  const only = el.firstChild;
  if (only && only.nodeType === 3 && !only.nextSibling) return stripDecorations((only as Text).data);
  let out = '';
  const visit = (node: Node): void => {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) out += (n as Text).data;
      else if (n.nodeType === 1) {
        const c = n as Element;
        const tag = c.localName;
        if (tag === 'br') {
          out += ' ';
          continue;
        }
        if (SKIP_TAGS.has(tag) || isHiddenByAttributes(c)) continue;
        if (isDecoration(c, tag)) continue;
        visit(c);
      }
    }
  };
  visit(el);
  return stripDecorations(out);
}

const EDIT_CLASS = /(?:^|[\s_-])(?:mw-)?edit-?section/i;
const PERMALINK_CLASS =
  /(?:^|[\s_-])(?:anchor|anchorjs|permalink|headerlink|header-?anchor|heading-?anchor|hash-?link|heading-?link|deep-?link|direct-?link|self-?link)(?:$|[\s_-])/i;
const HAS_WORD = /[\p{L}\p{N}]/u;

function isDecoration(el: Element, tag: string): boolean {
  const cls = el.getAttribute('class');
  if (cls && EDIT_CLASS.test(cls)) return true;
  if (tag === 'a' || (cls && PERMALINK_CLASS.test(cls))) {
    const t = normaliseText(el.textContent);
    // Permalink anchors are symbols or icons ("#", "¶", an svg); a link with words is text.
    if (!HAS_WORD.test(t) && (tag !== 'a' || t.length <= 2)) return true;
  }
  if (tag === 'sup') {
    // Footnote markers: "[1]", "12".
    const t = normaliseText(el.textContent);
    if (/^\[?\d{1,3}\]?$/.test(t)) return true;
  }
  return false;
}
