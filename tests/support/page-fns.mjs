// Functions that run inside a test page (serialised by Playwright or puppeteer, so they
// close over nothing), shared by the Chromium helpers (gloss.mjs) and the two-browser
// driver (driver.mjs).

/**
 * Selects the first occurrence of `text` inside the element matching `within` and
 * dispatches the mouseup a reader's release would. Returns false when the text is not there.
 */
export function selectInPage({ text, within }) {
  const root = document.querySelector(within);
  if (!root) return false;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let full = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push([n, full.length]);
    full += n.data;
  }
  const at = full.indexOf(text);
  if (at < 0) return false;
  const locate = (offset) => {
    for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]];
    return null;
  };
  const [sn, so] = locate(at);
  const [en, eo] = locate(at + text.length - 1);
  const range = document.createRange();
  range.setStart(sn, so);
  range.setEnd(en, eo + 1);
  const sel = getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  const r = range.getBoundingClientRect();
  document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, clientX: r.right, clientY: r.bottom }));
  return true;
}
