import type { Selectors } from '../anchoring/types';

/**
 * Stored data, schema version 2 (current).
 *
 * Layout in `browser.storage.local`:
 * - `schemaVersion`: number — the version every record below is in.
 * - `page:<normalised url>`: {@link PageRecord} — one record per annotated page, so an
 *   autosave writes one small record whatever the library's size.
 * - `settings`: {@link Settings}.
 *
 * Values are `T | null`, never optional: a missing value is written down as null.
 */
export const SCHEMA_VERSION = 2;

export const PAGE_KEY_PREFIX = 'page:';

export const COLOR_IDS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type ColorId = (typeof COLOR_IDS)[number];

/** Id of the page-level reflection (not tied to a section). */
export const PAGE_REFLECTION_ID = '__page__';

export interface Highlight {
  id: string;
  /** The highlighted text as it was when made (normalised whitespace). */
  text: string;
  color: ColorId;
  /** The reader's private note; '' when none. */
  note: string;
  selectors: Selectors;
  /** Section the highlight starts in (same as selectors.sectionId). */
  sectionId: string | null;
  /** Heading of that section when the highlight was made, for orphans and exports. */
  sectionHeading: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface Reflection {
  /** Section id, or PAGE_REFLECTION_ID for the page as a whole. */
  sectionId: string;
  /** Heading of the section when last written (shown if the section disappears). */
  heading: string | null;
  /** Markdown text written by the reader. */
  text: string;
  /** Hash of the section's text when the reflection was last written: detects drift. */
  sectionHash: string | null;
  /** The section's text at that time (capped), to show old vs new side by side. */
  sectionText: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Snapshot of a detected section, stored so exports and the library mirror the outline. */
export interface StoredSection {
  id: string;
  level: number;
  heading: string;
}

export interface PageRecord {
  /** Normalised URL: the record's key. */
  url: string;
  title: string;
  /** Host name shown as the site. */
  site: string;
  outline: StoredSection[] | null;
  highlights: Highlight[];
  /** Keyed by section id (or PAGE_REFLECTION_ID). */
  reflections: Record<string, Reflection>;
  tags: string[];
  firstVisitAt: number;
  lastVisitAt: number;
  updatedAt: number;
}

export interface Settings {
  /** The reader's names for the five colours. */
  colorLabels: Record<ColorId, string>;
}

export const DEFAULT_COLOR_LABELS: Record<ColorId, string> = {
  yellow: 'Yellow',
  green: 'Green',
  blue: 'Blue',
  pink: 'Pink',
  purple: 'Purple',
};

export type PageKey = `${typeof PAGE_KEY_PREFIX}${string}`;

/** Typed schema for `@webext-core/storage`. */
export interface StorageSchema {
  schemaVersion: number | null;
  settings: Settings | null;
  [key: PageKey]: PageRecord | null;
}

export function pageKey(url: string): PageKey {
  return `${PAGE_KEY_PREFIX}${url}`;
}

export function isPageKey(key: string): key is PageKey {
  return key.startsWith(PAGE_KEY_PREFIX);
}
