// The popup and side panel load the Markdown renderer + DOMPurify after their first
// render (utils/markdown-sink-loader.ts): until then a reflection is text, never HTML.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { MarkdownView } from '@/components/MarkdownView';
import { loadMarkdownSink, provideMarkdownSink, type MarkdownSink } from '@/utils/markdown-sink-loader';
import { markdownSink } from '@/utils/sanitize';

const MD = 'A **bold** <img src=x onerror="alert(1)"> claim\nsecond line';

function deferred() {
  let resolve!: (r: MarkdownSink) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<MarkdownSink>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function mount(markdown = MD) {
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => render(<MarkdownView markdown={markdown} class="rendered" />, root));
  return root;
}

afterEach(() => {
  provideMarkdownSink(markdownSink);
  document.body.replaceChildren();
});

describe('MarkdownView with the renderer loaded later', () => {
  it('shows the text as text until the renderer is there, then the sanitised render', async () => {
    const load = deferred();
    let calls = 0;
    provideMarkdownSink({ load: () => (calls++, load.promise) });
    const root = await mount();
    const view = root.firstElementChild!;
    expect(view.classList.contains('plain')).toBe(true);
    expect(view.textContent).toBe(MD);
    expect(root.querySelector('strong, img')).toBeNull();
    expect(view.getAttribute('dir')).toBe('auto');
    await act(async () => {
      load.resolve(markdownSink);
      await load.promise;
    });
    expect(root.querySelector('.gloss-markdown.plain')).toBeNull();
    expect(root.querySelector('.gloss-markdown strong')!.textContent).toBe('bold');
    expect(root.querySelector('img')).toBeNull();
    // A second view takes the loaded renderer at once; the loader ran once.
    const again = await mount('*x*');
    expect(again.querySelector('em')!.textContent).toBe('x');
    expect(calls).toBe(1);
  });

  it('says why the text stays plain when the renderer cannot be loaded, and tries again later', async () => {
    const first = deferred();
    let calls = 0;
    provideMarkdownSink({ load: () => (calls++ === 0 ? first.promise : Promise.resolve(markdownSink)) });
    const root = await mount();
    await act(async () => {
      first.reject(new Error('the formatter could not be loaded'));
      await first.promise.catch(() => {});
    });
    expect(root.querySelector('.gloss-markdown.plain')!.firstChild!.textContent).toBe(MD);
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Shown as plain text: the formatter could not be loaded');
    expect(root.querySelector('strong')).toBeNull();
    await expect(loadMarkdownSink()).resolves.toBe(markdownSink);
    expect(calls).toBe(2);
  });

  it('a page that never said how to load the renderer gets a clear error, not HTML', async () => {
    vi.resetModules();
    const fresh = await import('@/utils/markdown-sink-loader');
    expect(fresh.markdownSinkNow()).toBeNull();
    await expect(fresh.loadMarkdownSink()).rejects.toThrow('this page has no formatter for Markdown');
  });
});

/** Files statically imported from `file` (type-only and dynamic imports left out), resolved. */
function staticImports(file: string, root: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/^\s*import\s+(?!type\b)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    const spec = m[1];
    if (spec.startsWith('@/') || spec.startsWith('.')) {
      const base = spec.startsWith('@/') ? path.join(root, spec.slice(2)) : path.resolve(path.dirname(file), spec);
      const found = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'].map((e) => base + e).find((p) => existsSync(p) && !p.endsWith('/'));
      if (found && /\.(ts|tsx)$/.test(found)) out.push(found);
    } else out.push(`npm:${spec}`);
  }
  return out;
}

describe("the popup's own script", () => {
  it('does not take in the Markdown renderer or DOMPurify (popup-markdown.js does)', () => {
    const root = path.resolve(__dirname, '../..');
    const seen = new Set<string>();
    const walk = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      if (!f.startsWith('npm:')) for (const g of staticImports(f, root)) walk(g);
    };
    walk(path.join(root, 'entrypoints/popup-main.tsx'));
    const rel = [...seen].map((f) => (f.startsWith('npm:') ? f : path.relative(root, f)));
    expect(rel).toContain('components/MarkdownView.tsx');
    expect(rel).toContain('npm:preact');
    expect(rel.filter((f) => f === 'utils/sanitize.ts' || f === 'npm:dompurify' || f.startsWith('utils/markdown/'))).toEqual([]);
    // …and popup-markdown.js does.
    seen.clear();
    walk(path.join(root, 'entrypoints/popup-markdown.ts'));
    expect([...seen].map((f) => (f.startsWith('npm:') ? f : path.relative(root, f)))).toEqual(expect.arrayContaining(['utils/sanitize.ts', 'npm:dompurify']));
  });
});
