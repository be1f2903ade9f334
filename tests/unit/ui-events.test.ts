// One list of event kinds feeds the key shield (window capture listeners) and the
// overlay's shadow root (WXT isolateEvents): utils/content/ui-events.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { installKeyShield } from '@/utils/content/key-shield';
import { OVERLAY_ISOLATED_EVENTS, POINTER_EVENTS, SHIELDED_EVENTS } from '@/utils/content/ui-events';

const ROOT = path.resolve(__dirname, '../..');

describe('the overlay and the key shield keep the same event kinds', () => {
  it('every kind the shield listens for on window is isolated by the overlay, and the overlay adds only pointer kinds', () => {
    const add = vi.fn();
    installKeyShield({ addEventListener: add }, {}, { early: true });
    const shielded = new Set(add.mock.calls.map((c) => c[0] as string));
    expect(shielded.size).toBeGreaterThan(20);
    const isolated = new Set(OVERLAY_ISOLATED_EVENTS);
    expect([...shielded].filter((k) => !isolated.has(k))).toEqual([]);
    expect([...isolated].filter((k) => !shielded.has(k)).sort()).toEqual(['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup']);
    expect(new Set<string>(POINTER_EVENTS)).toEqual(new Set(['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup']));
    expect(shielded).toEqual(new Set(SHIELDED_EVENTS));
  });

  it("the content script's overlay takes the shared list, not a list of its own", () => {
    const src = readFileSync(path.join(ROOT, 'entrypoints/content/index.tsx'), 'utf8');
    const options = [...src.matchAll(/isolateEvents:\s*([^,\n]+)/g)].map((m) => m[1].trim());
    expect(options).toEqual(['OVERLAY_ISOLATED_EVENTS']);
    expect(src).toMatch(/import \{[^}]*\bOVERLAY_ISOLATED_EVENTS\b[^}]*\} from '@\/utils\/content\/ui-events'/);
  });
});
