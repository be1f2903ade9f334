import type { ColorId } from '../store/schema';

/**
 * Gloss's one palette: the page highlights, the toolbar swatches, the dots in the popup,
 * side panel and library, and the exports all take their colours from here.
 *
 * - `light` / `dark`: the translucent background painted over page text (the page's own
 *   text colour stays, legible on light and dark pages alike); print uses an underline in
 *   `onLight`, since browsers drop background colours when printing.
 * - `onLight` / `onDark`: the solid colour of a dot or swatch, chosen to stand 3:1 or more
 *   against Gloss's light and dark backgrounds (tests/unit/palette.test.ts computes it).
 */
export const HIGHLIGHT_COLORS: Record<ColorId, { light: string; dark: string; onLight: string; onDark: string }> = {
  yellow: { light: 'rgba(255, 214, 0, 0.45)', dark: 'rgba(255, 214, 0, 0.35)', onLight: '#a07a00', onDark: '#f2c94c' },
  green: { light: 'rgba(76, 200, 90, 0.38)', dark: 'rgba(76, 200, 90, 0.38)', onLight: '#2b8a3e', onDark: '#5fcf72' },
  blue: { light: 'rgba(70, 150, 255, 0.35)', dark: 'rgba(90, 160, 255, 0.42)', onLight: '#2f6fd6', onDark: '#6ea8ff' },
  pink: { light: 'rgba(255, 100, 170, 0.35)', dark: 'rgba(255, 110, 180, 0.42)', onLight: '#c2256f', onDark: '#ff7ab8' },
  purple: { light: 'rgba(150, 100, 255, 0.33)', dark: 'rgba(170, 130, 255, 0.45)', onLight: '#7444d0', onDark: '#b394ff' },
};

/**
 * A dot's or swatch's colour as a CSS value that follows the surface's colour scheme
 * (`light-dark()`: the surface must set `color-scheme`).
 */
export function swatchColor(color: ColorId): string {
  const c = HIGHLIGHT_COLORS[color];
  return `light-dark(${c.onLight}, ${c.onDark})`;
}

export const highlightName = (color: ColorId) => `gloss-${color}`;
export const FLASH_HIGHLIGHT = 'gloss-flash';
