import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COLOR_IDS } from '@/utils/store/schema';
import { HIGHLIGHT_COLORS, swatchColor } from '@/utils/highlight/colors';

// WCAG 2.x relative luminance and contrast ratio.
function luminance(hex: string): number {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

const root = path.resolve(__dirname, '../..');
/** Custom properties of a stylesheet's light block and of its prefers-color-scheme: dark block. */
function themes(file: string, selector: string): { light: Record<string, string>; dark: Record<string, string> } {
  const css = readFileSync(path.join(root, file), 'utf8');
  const vars = (block: string) => Object.fromEntries([...block.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1], m[2]]));
  const esc = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const light = new RegExp(`(^|\\n)${esc}\\s*\\{([^}]*)\\}`).exec(css);
  const dark = new RegExp(`prefers-color-scheme:\\s*dark\\)\\s*\\{\\s*${esc}\\s*\\{([^}]*)\\}`).exec(css);
  if (!light || !dark) throw new Error(`${file}: no light and dark ${selector} blocks`);
  return { light: vars(light[2]), dark: vars(dark[1]) };
}

const SURFACES = [
  { name: 'popup and side panel', ...themes('components/theme.css', ':root'), backgrounds: ['--bg', '--card'], texts: ['--fg', '--muted', '--accent', '--danger'] },
  { name: 'library', ...themes('components/library/library.css', ':root'), backgrounds: ['--bg', '--card'], texts: ['--fg', '--muted', '--accent', '--danger'] },
  { name: 'page toolbar', ...themes('components/page/overlay.css', '.gloss-overlay'), backgrounds: ['--bg'], texts: [] },
];

describe('one palette, legible everywhere', () => {
  it('every surface defines its backgrounds in light and dark', () => {
    for (const s of SURFACES) for (const bg of s.backgrounds) expect([s.name, bg, s.light[bg], s.dark[bg]]).toEqual([s.name, bg, expect.any(String), expect.any(String)]);
  });

  it('dots and swatches stand 3:1 against every background, light and dark (and the white of the printable export)', () => {
    const low: string[] = [];
    for (const c of COLOR_IDS) {
      const { onLight, onDark } = HIGHLIGHT_COLORS[c];
      for (const s of SURFACES)
        for (const bg of s.backgrounds) {
          if (contrast(onLight, s.light[bg]) < 3) low.push(`${c} on ${s.name} ${bg} light: ${contrast(onLight, s.light[bg]).toFixed(2)}`);
          if (contrast(onDark, s.dark[bg]) < 3) low.push(`${c} on ${s.name} ${bg} dark: ${contrast(onDark, s.dark[bg]).toFixed(2)}`);
        }
      if (contrast(onLight, '#ffffff') < 3) low.push(`${c} on the export's white`);
    }
    expect(low).toEqual([]);
  });

  it('text stands 4.5:1 against every background, light and dark', () => {
    const low: string[] = [];
    for (const s of SURFACES)
      for (const fg of s.texts)
        for (const bg of s.backgrounds)
          for (const theme of ['light', 'dark'] as const) {
            const r = contrast(s[theme][fg], s[theme][bg]);
            if (r < 4.5) low.push(`${s.name} ${fg} on ${bg} (${theme}): ${r.toFixed(2)}`);
          }
    expect(low).toEqual([]);
  });

  it('a dot follows the surface’s colour scheme', () => {
    expect(swatchColor('yellow')).toBe(`light-dark(${HIGHLIGHT_COLORS.yellow.onLight}, ${HIGHLIGHT_COLORS.yellow.onDark})`);
  });

  it('the contrast formula is WCAG’s', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});
