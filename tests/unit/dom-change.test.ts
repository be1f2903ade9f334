import { describe, expect, it } from 'vitest';
import { domChangeFlag } from '@/utils/dom-change';

describe('domChangeFlag', () => {
  it('is set until the first reset, then by any added node or edited text, delivered or not', async () => {
    document.body.innerHTML = '<p>One</p>';
    const flag = domChangeFlag(document.documentElement);
    expect(flag.changed()).toBe(true);
    flag.reset();
    expect(flag.changed()).toBe(false);
    // Attributes are not text: not a change.
    document.body.setAttribute('data-x', '1');
    expect(flag.changed()).toBe(false);
    // Same task (not yet delivered) …
    document.querySelector('p')!.firstChild!.nodeValue = 'Two';
    expect(flag.changed()).toBe(true);
    // … and delivered.
    flag.reset();
    document.body.append(document.createElement('p'));
    await new Promise((r) => setTimeout(r, 0));
    expect(flag.changed()).toBe(true);
    expect(flag.changed()).toBe(true);
    flag.reset();
    expect(flag.changed()).toBe(false);
    flag.stop();
    expect(flag.changed()).toBe(true);
  });

  it('without MutationObserver, always says changed', () => {
    const flag = domChangeFlag(document.documentElement, null as unknown as undefined);
    flag.reset();
    expect(flag.changed()).toBe(true);
  });
});
