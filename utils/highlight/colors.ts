import type { ColorId } from '../store/schema';

/**
 * Highlight colours. Backgrounds are translucent so the page's own text colour stays
 * (legible on light and dark pages alike); print uses an underline, since browsers
 * drop background colours when printing.
 */
export const HIGHLIGHT_COLORS: Record<ColorId, { light: string; dark: string; solid: string }> = {
  yellow: { light: 'rgba(255, 214, 0, 0.45)', dark: 'rgba(255, 214, 0, 0.35)', solid: '#e6b800' },
  green: { light: 'rgba(76, 200, 90, 0.38)', dark: 'rgba(76, 200, 90, 0.38)', solid: '#2e9e45' },
  blue: { light: 'rgba(70, 150, 255, 0.35)', dark: 'rgba(90, 160, 255, 0.42)', solid: '#2f6fd6' },
  pink: { light: 'rgba(255, 100, 170, 0.35)', dark: 'rgba(255, 110, 180, 0.42)', solid: '#d63384' },
  purple: { light: 'rgba(150, 100, 255, 0.33)', dark: 'rgba(170, 130, 255, 0.45)', solid: '#7b4fd6' },
};

export const highlightName = (color: ColorId) => `gloss-${color}`;
export const FLASH_HIGHLIGHT = 'gloss-flash';
