// Gloss's on-page toolbar and card live in a CLOSED shadow root, which Playwright's
// locators (like page scripts) cannot enter. The tests reach it the way a debugger does:
// through the DevTools protocol (DOM.describeNode with pierce), and act on it only with
// real, trusted input (page.mouse, page.keyboard), as a reader would.
//
// ui(page).getByRole(role, { name, exact }) returns a small locator with click, fill,
// count, textContent, inputValue and waitFor; names match as Playwright's do (substring,
// case-insensitive, unless exact or a RegExp).

const sessions = new WeakMap();

async function cdpOf(page) {
  let s = sessions.get(page);
  if (!s) sessions.set(page, (s = await page.context().newCDPSession(page)));
  return s;
}

/** The overlay's shadow root as a CDP remote object id, or null while there is none. */
async function shadowRoot(page) {
  const cdp = await cdpOf(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'gloss-overlay' });
  if (!nodeId) return null;
  const { node } = await cdp.send('DOM.describeNode', { nodeId, depth: 1, pierce: true });
  const sr = node.shadowRoots?.[0];
  if (!sr) return null;
  const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: sr.backendNodeId });
  return object.objectId;
}

const ROLE_SELECTORS = {
  button: 'button',
  textbox: 'textarea, input:not([type]), input[type="text"]',
  dialog: '[role="dialog"]',
  alert: '[role="alert"]',
  status: '[role="status"]',
  toolbar: '[role="toolbar"]',
};

/** Runs in the page (any world): finds the chain of role/name steps under the shadow root. */
function findInRoot(steps, what) {
  const nameOf = (el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
  const matches = (el, name) => {
    if (!name) return true;
    const n = nameOf(el);
    if (name.regex) return new RegExp(name.regex, name.flags).test(n);
    return name.exact ? n === name.text : n.toLowerCase().includes(name.text.toLowerCase());
  };
  let scopes = [this];
  for (const step of steps) {
    const found = [];
    for (const scope of scopes) for (const el of scope.querySelectorAll(step.selector)) if (matches(el, step.name)) found.push(el);
    scopes = found;
  }
  if (what === 'count') return scopes.length;
  const el = scopes[0];
  if (!el) return null;
  if (what === 'text') return el.textContent;
  if (what === 'value') return el.value;
  const r = el.getBoundingClientRect();
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
}

function locator(page, steps) {
  const run = async (what) => {
    const objectId = await shadowRoot(page);
    if (!objectId) return what === 'count' ? 0 : null;
    const cdp = await cdpOf(page);
    const r = await cdp.send('Runtime.callFunctionOn', {
      objectId,
      functionDeclaration: findInRoot.toString(),
      arguments: [{ value: steps }, { value: what }],
      returnByValue: true,
    });
    if (r.exceptionDetails) throw new Error(`overlay query failed: ${JSON.stringify(r.exceptionDetails)}`);
    return r.result.value;
  };
  const describe = () => steps.map((s) => `${s.role}${s.name ? ` "${s.name.text ?? s.name.regex}"` : ''}`).join(' > ');
  const wait = async (what, timeout = 5000) => {
    const end = Date.now() + timeout;
    for (;;) {
      const v = await run(what);
      if (v !== null && v !== undefined) return v;
      if (Date.now() > end) throw new Error(`Gloss overlay: no ${describe()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    getByRole: (role, opts = {}) => locator(page, [...steps, step(role, opts)]),
    count: () => run('count'),
    textContent: () => wait('text'),
    inputValue: () => wait('value'),
    waitFor: async ({ timeout } = {}) => void (await wait('box', timeout)),
    /** A real mouse click at the element's centre. */
    async click() {
      const { x, y } = await wait('box');
      await page.mouse.click(x, y);
    },
    /** Focuses the field with a real click and replaces its text by real typing. */
    async fill(text) {
      await this.click();
      await page.keyboard.press('ControlOrMeta+A');
      if (text) await page.keyboard.insertText(text);
      else await page.keyboard.press('Delete');
    },
  };
}

function step(role, { name, exact } = {}) {
  const selector = ROLE_SELECTORS[role];
  if (!selector) throw new Error(`overlay role not supported: ${role}`);
  const n = name == null ? null : name instanceof RegExp ? { regex: name.source, flags: name.flags } : { text: name, exact: !!exact };
  return { role, selector, name: n };
}

/** Gloss's on-page UI in `page` (see the module comment). */
export function ui(page) {
  return { getByRole: (role, opts) => locator(page, [step(role, opts)]) };
}
