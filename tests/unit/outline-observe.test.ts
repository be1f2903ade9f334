import { afterEach, describe, expect, it } from 'vitest';
import { observeOutline, type Outline } from '@/utils/outline';

const para = (s: string) => `<p>${s} ${'This sentence is here so that the paragraph reads as prose. '.repeat(2)}</p>`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function waitFor(cond: () => boolean, timeout = 3000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (cond()) resolve();
      else if (Date.now() - start > timeout) reject(new Error('timed out'));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

describe('observeOutline', () => {
  let ac: AbortController;
  afterEach(() => {
    ac?.abort();
    document.body.innerHTML = '';
  });

  it('re-detects an article rendered after load, once, and keeps ids across a rename', async () => {
    document.body.innerHTML = '<div id="app">Loading…</div>';
    ac = new AbortController();
    const changes: Outline[] = [];
    const obs = observeOutline(document, (o) => changes.push(o), { signal: ac.signal, debounceMs: 20, idleMs: 2000 });
    expect(obs.outline.sections.filter((s) => s.headingElement)).toHaveLength(0);

    const app = document.getElementById('app')!;
    app.innerHTML = `<article><h1>Late essay</h1>${para('Intro.')}<h2>First part</h2>${para('One.')}<h2>Second part</h2>${para('Two.')}</article>`;
    // Several mutations in a burst give one re-detection.
    app.querySelector('article')!.insertAdjacentHTML('beforeend', '<span></span>');
    await waitFor(() => changes.length >= 1);
    await sleep(80);
    expect(changes).toHaveLength(1);
    const first = changes[0].sections.filter((s) => s.headingElement);
    expect(first.map((s) => s.heading)).toEqual(['First part', 'Second part']);

    // A mutation that does not change the outline fires nothing.
    app.querySelector('p')!.append(' more words');
    await sleep(100);
    expect(changes).toHaveLength(1);

    // A renamed heading keeps its id.
    app.querySelectorAll('h2')[1].textContent = 'Second part, revised';
    await waitFor(() => changes.length >= 2);
    const second = changes[1].sections.filter((s) => s.headingElement);
    expect(second.map((s) => s.heading)).toEqual(['First part', 'Second part, revised']);
    expect(second.map((s) => s.id)).toEqual(first.map((s) => s.id));
    expect(obs.outline).toBe(changes[1]);
  });

  it('upToDate() detects again only when the page may have changed since the last detection', async () => {
    document.body.innerHTML = `<article><h1>Essay</h1>${para('Intro.')}<h2>Alpha</h2>${para('A.')}</article>`;
    ac = new AbortController();
    let detections = 0;
    const obs = observeOutline(document, () => {}, {
      signal: ac.signal,
      debounceMs: 10,
      idleMs: 60,
      onDetect: () => void detections++,
    });
    expect(detections).toBe(1);
    // Connected, nothing changed: the last outline is the page's.
    expect(obs.upToDate()).toBe(obs.outline);
    expect(detections).toBe(1);
    // A mutation not yet processed: detected now, and seen in the result.
    document.querySelector('article')!.insertAdjacentHTML('beforeend', `<h2>Beta</h2>${para('B.')}`);
    const now = obs.upToDate();
    expect(detections).toBe(2);
    expect(now.sections.map((s) => s.heading)).toContain('Beta');
    // Disconnected after a quiet spell, on a page that has not changed since: kept.
    await waitFor(() => !obs.armed);
    expect(detections).toBe(2);
    expect(obs.upToDate()).toBe(now);
    expect(detections).toBe(2);
    // Changed while disconnected: detected again, once; still again afterwards.
    document.querySelector('article')!.insertAdjacentHTML('beforeend', `<h2>Gamma</h2>${para('C.')}`);
    await sleep(20);
    expect(obs.upToDate().sections.map((s) => s.heading)).toContain('Gamma');
    expect(detections).toBe(3);
    obs.upToDate();
    expect(detections).toBe(3);
    // A text edit counts as a change too (a renamed heading is a text edit), even in
    // the same task as the question (not yet delivered to the observer).
    document.querySelector('h2')!.firstChild!.nodeValue = 'Alpha, renamed';
    expect(obs.upToDate().sections.map((s) => s.heading)).toContain('Alpha, renamed');
    expect(detections).toBe(4);
    // A change of URL alone (history.pushState, no DOM change) is a change.
    history.pushState(null, '', '/another-essay');
    obs.upToDate();
    expect(detections).toBe(5);
  });

  it('a page that changed while the observer was waiting to process it is not taken as still', async () => {
    document.body.innerHTML = `<article><h1>Essay</h1>${para('Intro.')}<h2>Alpha</h2>${para('A.')}</article>`;
    ac = new AbortController();
    let detections = 0;
    // Debounce longer than the idle time: the observer disconnects with a mutation waiting.
    const obs = observeOutline(document, () => {}, { signal: ac.signal, debounceMs: 150, idleMs: 40, onDetect: () => void detections++ });
    document.querySelector('article')!.insertAdjacentHTML('beforeend', `<h2>Beta</h2>${para('B.')}`);
    await waitFor(() => !obs.armed);
    expect(obs.upToDate().sections.map((s) => s.heading)).toContain('Beta');
  });

  it('disconnects when quiet, and a rearm picks up later changes', async () => {
    document.body.innerHTML = `<article><h1>Essay</h1>${para('Intro.')}<h2>Alpha</h2>${para('A.')}</article>`;
    ac = new AbortController();
    const changes: Outline[] = [];
    const obs = observeOutline(document, (o) => changes.push(o), { signal: ac.signal, debounceMs: 10, idleMs: 60 });
    expect(obs.armed).toBe(true);
    await waitFor(() => !obs.armed);

    // While disconnected, mutations cost the page nothing and fire nothing.
    document.querySelector('article')!.insertAdjacentHTML('beforeend', `<h2>Beta</h2>${para('B.')}`);
    await sleep(60);
    expect(changes).toHaveLength(0);

    obs.rearm();
    expect(obs.armed).toBe(true);
    await waitFor(() => changes.length === 1);
    expect(changes[0].sections.filter((s) => s.headingElement).map((s) => s.heading)).toEqual(['Alpha', 'Beta']);
  });

  it('a rearm (scroll, click, tab shown) on a page that stayed still does not detect again', async () => {
    document.body.innerHTML = `<article><h1>Essay</h1>${para('Intro.')}<h2>Alpha</h2>${para('A.')}</article>`;
    ac = new AbortController();
    let detections = 0;
    const obs = observeOutline(document, () => {}, { signal: ac.signal, debounceMs: 10, idleMs: 50, onDetect: () => void detections++ });
    await waitFor(() => !obs.armed);
    window.dispatchEvent(new Event('scroll'));
    expect(obs.armed).toBe(true);
    await sleep(60);
    expect(detections).toBe(1);
    // Quiet again, then changed while disconnected: the rearm looks.
    await waitFor(() => !obs.armed);
    document.querySelector('article')!.insertAdjacentHTML('beforeend', `<h2>Beta</h2>${para('B.')}`);
    document.dispatchEvent(new Event('click'));
    await waitFor(() => detections === 2);
    expect(obs.outline.sections.map((s) => s.heading)).toContain('Beta');
  });

  it('re-arms on navigation events', async () => {
    document.body.innerHTML = `<article><h1>Essay</h1>${para('Intro.')}<h2>Alpha</h2>${para('A.')}</article>`;
    ac = new AbortController();
    const changes: Outline[] = [];
    const obs = observeOutline(document, (o) => changes.push(o), { signal: ac.signal, debounceMs: 10, idleMs: 50 });
    await waitFor(() => !obs.armed);
    document.body.innerHTML = `<article><h1>Another essay</h1>${para('Intro.')}<h2>Gamma</h2>${para('G.')}</article>`;
    window.dispatchEvent(new Event('wxt:locationchange'));
    await waitFor(() => changes.length === 1);
    expect(changes[0].title).toBe('Another essay');
  });

  it('stops everything on abort', async () => {
    document.body.innerHTML = `<article><h1>Essay</h1>${para('Intro.')}<h2>Alpha</h2>${para('A.')}</article>`;
    ac = new AbortController();
    const changes: Outline[] = [];
    const obs = observeOutline(document, (o) => changes.push(o), { signal: ac.signal, debounceMs: 10 });
    ac.abort();
    expect(obs.armed).toBe(false);
    document.querySelector('article')!.insertAdjacentHTML('beforeend', `<h2>Beta</h2>${para('B.')}`);
    window.dispatchEvent(new Event('popstate'));
    obs.rearm();
    await sleep(80);
    expect(changes).toHaveLength(0);
  });
});
