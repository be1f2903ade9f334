import { describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { SamplePractice, type SamplePracticeEnv } from '@/components/welcome/SamplePractice';
import { sampleSectionOf } from '@/utils/welcome-sample';
import type { PageOp } from '@/utils/store/ops';
import type { PageRecord } from '@/utils/store/schema';
import { applyOp } from '@/utils/store/ops';

const URL_ = 'chrome-extension://abc/welcome.html';
const flush = () => new Promise((r) => setTimeout(r, 0));

async function mount(sendOp: SamplePracticeEnv['sendOp']) {
  const root = document.createElement('div');
  document.body.append(root);
  const paint = vi.fn();
  const env: SamplePracticeEnv = { sendOp, watch: () => () => {}, painter: { paint } as never, newId: () => 'h1', now: () => 1000 };
  await act(async () => render(<SamplePractice url={URL_} initial={null} env={env} />, root));
  return { root, paint };
}

function selectWords(root: HTMLElement, words: string) {
  const p = [...root.querySelectorAll('article p')].find((x) => x.textContent!.includes(words))!;
  const text = p.firstChild as Text;
  const at = text.data.indexOf(words);
  const range = document.createRange();
  range.setStart(text, at);
  range.setEnd(text, at + words.length);
  getSelection()!.removeAllRanges();
  getSelection()!.addRange(range);
}

const button = (root: HTMLElement, name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent!.includes(name))!;

describe('welcome page: practising on the sample essay', () => {
  it('highlights the selection in its section through the writer, then paints it; a reflection is saved as typed', async () => {
    let stored: PageRecord | null = null;
    const ops: PageOp[] = [];
    const sendOp = vi.fn(async (url: string, op: PageOp) => {
      expect(url).toBe(URL_);
      ops.push(op);
      stored = applyOp(stored, op, 1000);
      return stored;
    });
    const { root, paint } = await mount(sendOp);
    selectWords(root, 'a question answers back');
    await act(async () => {
      button(root, 'Highlight the selection').click();
      await flush();
    });
    expect(ops[0]).toMatchObject({ type: 'addHighlight', highlight: { text: 'a question answers back', sectionId: 'sample-questions', sectionHeading: 'Questions, not summaries' } });
    expect(root.querySelector('.try-journal')!.textContent).toContain('a question answers back');
    // Painted where it was anchored, as on any page.
    const painted = paint.mock.calls.at(-1)![0] as Array<{ id: string; range: Range }>;
    expect(painted.map((x) => [x.id, x.range.toString()])).toEqual([['h1', 'a question answers back']]);
    // The reflection box of that section saves what is typed.
    const box = root.querySelector('textarea[aria-label="Reflection on Questions, not summaries"]') as HTMLTextAreaElement;
    expect(box).toBeTruthy();
    await act(async () => {
      box.value = 'Ask what it assumed.';
      box.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 600));
    });
    expect(ops.some((o) => o.type === 'setReflection' && o.sectionId === 'sample-questions' && o.text === 'Ask what it assumed.')).toBe(true);
    root.remove();
  });

  it('with no selection, or a failed save, says so (role=alert)', async () => {
    const { root } = await mount(async () => {
      throw new Error('storage is full');
    });
    getSelection()!.removeAllRanges();
    await act(async () => button(root, 'Highlight the selection').click());
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('Select a few words in the essay first.');
    selectWords(root, 'Reading speed is easy');
    await act(async () => {
      button(root, 'Highlight the selection').click();
      await flush();
    });
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('Could not save your practice note: storage is full');
    root.remove();
  });

  it('finds the section a node is in by the headings before it', () => {
    const article = document.createElement('article');
    article.innerHTML = '<h3>T</h3><p id="a">x</p><h4 data-section="one">One</h4><p id="b">y</p><h4 data-section="two">Two</h4><p id="c">z</p>';
    expect(sampleSectionOf(article.querySelector('#a')!, article)).toBeNull();
    expect(sampleSectionOf(article.querySelector('#b')!.firstChild!, article)).toBe('one');
    expect(sampleSectionOf(article.querySelector('#c')!, article)).toBe('two');
    expect(sampleSectionOf(document.body, article)).toBeNull();
  });
});
