import { describe, expect, it, vi } from 'vitest';
import { createSectionTracker, sectionInView } from '@/utils/content/section-tracker';
import type { Outline } from '@/utils/outline/types';
import type { FollowMessage } from '@/utils/messaging/follow';

/** An outline whose headings report the given tops (happy-dom has no layout). */
function outlineAt(tops: number[]): { outline: Outline; reads: () => number; set: (next: number[]) => void } {
  let current = tops;
  let reads = 0;
  const sections = [{ id: 'intro', level: 1, heading: '', headingElement: null }].concat(
    tops.map((_, i) => {
      const el = document.createElement('h2');
      el.getBoundingClientRect = () => {
        reads++;
        return { top: current[i] } as DOMRect;
      };
      return { id: `s${i}`, level: 1, heading: `S${i}`, headingElement: el as unknown as null };
    }),
  );
  return { outline: { title: 'T', sections }, reads: () => reads, set: (next) => (current = next) };
}

function fakePort() {
  const sent: FollowMessage[] = [];
  let disconnect = () => {};
  return {
    sent,
    port: { postMessage: (m: FollowMessage) => void sent.push(m), onDisconnect: { addListener: (cb: () => void) => void (disconnect = cb) } },
    disconnect: () => disconnect(),
  };
}

describe('the section in view', () => {
  it('is the last heading at or above the reading line, the intro before any', () => {
    expect(sectionInView(outlineAt([500, 900, 1400]).outline, window)).toBe('intro');
    expect(sectionInView(outlineAt([-900, -20, 700]).outline, window)).toBe('s1');
    expect(sectionInView(outlineAt([-900, -500, -100]).outline, window)).toBe('s2');
  });

  it('reads about log2(n) headings, not all of them', () => {
    const tops = Array.from({ length: 256 }, (_, i) => i * 100 - 12000);
    const o = outlineAt(tops);
    expect(sectionInView(o.outline, window)).toBe('s121'); // reading line at 160 px
    expect(o.reads()).toBeLessThanOrEqual(10);
  });
});

describe('the section tracker', () => {
  it('does nothing while no panel is connected: no listener, no read', () => {
    const o = outlineAt([100, 900]);
    const add = vi.spyOn(window, 'addEventListener');
    const tracker = createSectionTracker({ win: window as never, outline: () => o.outline, url: () => 'u', signal: new AbortController().signal });
    window.dispatchEvent(new Event('scroll'));
    tracker.locationChanged();
    expect(tracker.active).toBe(false);
    expect(o.reads()).toBe(0);
    expect(add).not.toHaveBeenCalled();
    add.mockRestore();
  });

  it('posts the section on connect and when scrolling changes it; stops when the last panel goes', async () => {
    const o = outlineAt([100, 900]);
    const tracker = createSectionTracker({ win: window as never, outline: () => o.outline, url: () => 'https://e.example/a', signal: new AbortController().signal });
    const p = fakePort();
    tracker.attach(p.port);
    expect(p.sent).toEqual([{ type: 'section', sectionId: 's0' }]);
    expect(tracker.active).toBe(true);
    o.set([-800, 50]);
    window.dispatchEvent(new Event('scroll'));
    await new Promise((r) => setTimeout(r, 50));
    expect(p.sent.at(-1)).toEqual({ type: 'section', sectionId: 's1' });
    // Same section: nothing more is sent.
    const n = p.sent.length;
    window.dispatchEvent(new Event('scroll'));
    await new Promise((r) => setTimeout(r, 50));
    expect(p.sent.length).toBe(n);
    tracker.locationChanged();
    expect(p.sent.at(-1)).toEqual({ type: 'location', url: 'https://e.example/a' });
    p.disconnect();
    expect(tracker.active).toBe(false);
    const reads = o.reads();
    window.dispatchEvent(new Event('scroll'));
    await new Promise((r) => setTimeout(r, 50));
    expect(o.reads()).toBe(reads);
  });

  it('stops with the session: a frame already asked for posts nothing, and no listener is left', async () => {
    const o = outlineAt([100, 900]);
    const session = new AbortController();
    const tracker = createSectionTracker({ win: window as never, outline: () => o.outline, url: () => 'u', signal: session.signal });
    const p = fakePort();
    tracker.attach(p.port);
    o.set([-800, 50]);
    window.dispatchEvent(new Event('scroll')); // a frame is now pending
    session.abort();
    expect(tracker.active).toBe(false);
    const reads = o.reads();
    await new Promise((r) => setTimeout(r, 50));
    window.dispatchEvent(new Event('scroll'));
    await new Promise((r) => setTimeout(r, 50));
    expect(p.sent).toEqual([{ type: 'section', sectionId: 's0' }]);
    expect(o.reads()).toBe(reads);
  });
});
