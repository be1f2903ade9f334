import type { Highlight, PageRecord, StoredSection, ColorId } from '../store/schema';
import type { PageOp } from '../store/ops';
import type { ImportSummary } from '../store/library';
import { defineMessenger } from './messenger';

/** Messages the background (the single writer) answers. */
export interface BackgroundProtocol {
  /** Applies one change to a page's record; returns the stored record (null if removed). */
  mutatePage(data: { url: string; op: PageOp }): PageRecord | null;
  /** Merges pages into the library (import). Validated before anything is written. */
  importPages(data: { pages: PageRecord[] }): ImportSummary;
  /** Renames the five colours. */
  setColorLabels(data: { labels: Record<ColorId, string> }): void;
}

/** What the content script knows about the page it runs in. */
export interface PageInfo {
  url: string;
  title: string;
  site: string;
  outline: StoredSection[];
  /** Section id -> hash of its current text (drift detection). */
  sectionHashes: Record<string, string>;
  /** Section currently in view, if known. */
  activeSectionId: string | null;
  /** Ids of stored highlights that could not be anchored on the page. */
  orphanIds: string[];
}

/** Messages a tab's content script answers. */
export interface ContentProtocol {
  getPageInfo(data: Record<string, never>): PageInfo;
  /** Current text of a section (for the drift view). */
  getSectionText(data: { sectionId: string }): string;
  /** Scrolls to a highlight and flashes it; false when it cannot be found. */
  scrollToHighlight(data: { id: string }): boolean;
  /** Highlights the current selection (keyboard shortcut, context menu). */
  highlightSelection(data: { color: ColorId | null }): Highlight | null;
}

export const backgroundMessenger = defineMessenger<BackgroundProtocol>();
export const contentMessenger = defineMessenger<ContentProtocol>();
