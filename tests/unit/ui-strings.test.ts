/**
 * Every user-visible string in a component or entrypoint goes through `t()` (browser.i18n).
 * A static scan with the TypeScript parser: it fails on an English literal in JSX text, in a
 * user-visible attribute (`aria-label`, `title`, `placeholder`, `alt`, …), in a string shown
 * through a JSX expression (`{busy ? 'Saving…' : 'Save'}`), or assigned to a DOM text property
 * (`el.textContent = 'Saved'`, `document.title = '…'`).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const DIRS = ['components', 'entrypoints'];

/** Attributes whose value a reader sees or hears. */
const VISIBLE_ATTRS = new Set([
  'aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'aria-placeholder',
  'title', 'placeholder', 'alt', 'label',
]);
/** DOM properties whose value a reader sees or hears. */
const VISIBLE_PROPS = new Set(['textContent', 'innerText', 'title', 'placeholder', 'alt', 'ariaLabel']);

/**
 * The allow-list: literals that are not language. Each entry says why. (Punctuation and
 * symbols such as ' · ', '×', '…' have no letters and are never reported.) The product
 * name is not translated (`extName` exists for the manifest).
 */
const ALLOWED = new Set([
  'Gloss',
  // A key cap's name, printed on the key itself (the same on German keyboards).
  'Esc',
]);
/** The functions that read the catalogue; their key arguments are not text. */
const TRANSLATORS = new Set(['t', 'tCount']);
const CATALOGUE: Record<string, unknown> = JSON.parse(readFileSync(path.join(ROOT, 'public/_locales/en/messages.json'), 'utf8'));

/** Text with a letter in it (any script): language, so it must come from the catalogue. */
const hasWords = (s: string) => /\p{L}{2,}/u.test(s.trim()) && !ALLOWED.has(s.trim());

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(tsx?|ts)$/.test(name) && !name.endsWith('.d.ts')) yield p;
  }
}

/** String literals and template text inside an expression, not inside a nested call's arguments to `t()`. */
function literalsIn(node: ts.Node, out: ts.Node[] = []): ts.Node[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node);
  else if (ts.isTemplateExpression(node)) {
    out.push(node.head, ...node.templateSpans.map((s) => s.literal));
    for (const s of node.templateSpans) literalsIn(s.expression, out);
  } else if (ts.isCallExpression(node)) {
    // t('key') / tCount(n, 'oneKey', 'otherKey'): a catalogue key is not text. Any other
    // literal argument (a substitution, a plural helper's words) is scanned.
    const translating = ts.isIdentifier(node.expression) && TRANSLATORS.has(node.expression.text);
    ts.forEachChild(node, (c) => {
      const found = literalsIn(c, []);
      out.push(...(translating ? found.filter((l) => !(ts.isStringLiteral(l) && l.text in CATALOGUE)) : found));
    });
  } else if (ts.isBinaryExpression(node) && /^(===|!==|==|!=|in|instanceof)$/.test(node.operatorToken.getText())) {
    return out; // comparisons: `kind === 'note'` is not shown
  } else if (ts.isElementAccessExpression(node)) {
    literalsIn(node.expression, out);
  } else if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node)) {
    return out; // nested JSX is visited on its own
  } else ts.forEachChild(node, (c) => void literalsIn(c, out));
  return out;
}

const textOf = (n: ts.Node) =>
  ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)
    ? (n as ts.LiteralLikeNode).text
    : n.getText();

/**
 * A sentence anywhere in the file (a message built for a toast, an error shown to the reader):
 * a literal that starts with a capitalised word and goes on with more words. Console output
 * for developers is not shown to readers and is skipped.
 */
function isSentence(node: ts.Node): boolean {
  const lit = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node);
  if (!lit || ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent)) return false;
  return /^\p{Lu}\p{Ll}+\s+\p{L}/u.test((node as ts.LiteralLikeNode).text);
}
function inConsoleCall(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (ts.isCallExpression(n) && /^console\./.test(n.expression.getText())) return true;
  }
  return false;
}

/** Every English (or any-language) literal a reader would see, as `file:line: text`. */
export function findLiterals(file: string, source = readFileSync(file, 'utf8')): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const reported = new Set<ts.Node>();
  const report = (n: ts.Node, text: string) => {
    if (!hasWords(text) || reported.has(n)) return;
    reported.add(n);
    const { line } = sf.getLineAndCharacterOfPosition(n.getStart(sf));
    found.push(`${path.relative(ROOT, file)}:${line + 1}: ${JSON.stringify(text.trim())}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) report(node, node.text);
    else if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      for (const lit of literalsIn(node.expression)) report(lit, textOf(lit));
    } else if (ts.isJsxAttribute(node) && VISIBLE_ATTRS.has(node.name.getText(sf)) && node.initializer) {
      const init = node.initializer;
      if (ts.isStringLiteral(init)) report(init, init.text);
      else if (ts.isJsxExpression(init) && init.expression) for (const lit of literalsIn(init.expression)) report(lit, textOf(lit));
    } else if (
      ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) && VISIBLE_PROPS.has(node.left.name.text)
    ) {
      for (const lit of literalsIn(node.right)) report(lit, textOf(lit));
    } else if (
      ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'setAttribute' &&
      node.arguments.length === 2 && ts.isStringLiteral(node.arguments[0]) && VISIBLE_ATTRS.has(node.arguments[0].text)
    ) {
      for (const lit of literalsIn(node.arguments[1])) report(lit, textOf(lit));
    }
    if (isSentence(node) && !inConsoleCall(node)) report(node, textOf(node));
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('user-visible strings go through t()', () => {
  it('the scan catches each kind of literal (so an empty result means something)', () => {
    const sample = [
      `const a = <p title="Close">Hello there</p>;`,
      `const b = <input placeholder={busy ? 'Saving…' : t('k')} aria-label={\`Edit \${x}\`} />;`,
      `const c = <img alt="A picture" />;`,
      `const d = <span>{open ? 'Hide notes' : 'Show notes'}</span>;`,
      `el.textContent = 'Saved';`,
      `const e = <p>{count(n, 'highlight', 'highlights')}{tCount(n, 'libraryPagesOne', 'libraryPages', 'Some words')}</p>;`,
      `setError(\`Could not save: \${why}\`); console.error('Gloss storage error', err);`,
      `const ok = <p class="x" data-k="not text" title={t(on ? 'journalDelete' : 'journalUndo')}>{t('journalEdit')}{' · '}{kind === 'note' && n}</p>;`,
    ].join('\n');
    const hits = findLiterals(path.join(ROOT, 'sample.tsx'), sample).map((h) => h.replace(/^[^ ]+ /, ''));
    expect(hits).toEqual(['"Close"', '"Hello there"', '"Saving…"', '"Edit"', '"A picture"', '"Hide notes"', '"Show notes"', '"Saved"', '"highlight"', '"highlights"', '"Some words"', '"Could not save:"']);
  });

  for (const dir of DIRS) {
    it(`${dir}/ has no user-visible literal outside the catalogue`, () => {
      const hits = [...files(path.join(ROOT, dir))].flatMap((f) => findLiterals(f));
      expect(hits).toEqual([]);
    });
  }
});
