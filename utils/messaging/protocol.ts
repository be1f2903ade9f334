import type { Highlight, PageRecord, StoredSection, ColorId } from '../store/schema';
import type { PageOp } from '../store/ops';
import type { ImportSummary } from '../store/library';
import { defineMessenger } from './messenger';
import { retrying } from './retry';

/** Messages the background (the single writer) answers. */
export interface BackgroundProtocol {
  /** Applies one change to a page's record; returns the stored record (null if removed). */
  mutatePage(data: { url: string; op: PageOp }): PageRecord | null;
  /** Parses an export file (our JSON or JSON-LD) and merges it into the library. Invalid files change nothing. */
  importFile(data: { text: string }): ImportSummary;
  /** Renames the five colours. */
  setColorLabels(data: { labels: Record<ColorId, string> }): void;
  /** Problems the reader must know about (failed migration, storage errors). */
  getStatus(data: Record<string, never>): BackgroundStatus;
}

export interface BackgroundStatus {
  /** Set when stored notes could not be updated to this version's format; they are untouched. */
  migrationError: string | null;
  /** The last storage failure, if the last write failed even after retries. */
  storageError: string | null;
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
  /** Highlight id -> id of the section it now starts in (anchored highlights only). */
  highlightSections: Record<string, string | null>;
  /**
   * The page's stored notes as the tab last saw them (null: none stored); absent when the
   * tab does not know them (still loading, read failed, a format it could not read).
   */
  record?: PageRecord | null;
}

/** Messages a tab's content script answers. */
export interface ContentProtocol {
  getPageInfo(data: Record<string, never>): PageInfo;
  /** Current text of a section (for the drift view). */
  getSectionText(data: { sectionId: string }): string;
  /** Scrolls to a highlight and flashes it; false when it cannot be found. */
  scrollToHighlight(data: { id: string }): boolean;
  /** Scrolls to a section's heading (a click in the journal); false when it is not on the page. */
  scrollToSection(data: { sectionId: string }): boolean;
  /** Highlights the current selection (keyboard shortcut, context menu). */
  highlightSelection(data: { color: ColorId | null }): Highlight | null;
  /** Counters of the work the content script did (checked by the privacy/cost tests). */
  getDiagnostics(data: Record<string, never>): ContentDiagnostics;
}

export interface ContentDiagnostics {
  /** Storage lookups made by the content script since it started. */
  storageReads: number;
  /** Outline detections run (none on a page where Gloss is not used). */
  outlineDetections: number;
  /** Highlights currently painted. */
  painted: number;
  /** Whether the outline observer watches the page now (null before the first detection). */
  outlineWatching?: boolean | null;
  /** Whether Gloss's on-page UI was created. */
  uiMounted: boolean;
  /** Time the content script's start-up took, in ms. */
  startupMs: number;
  /** Section tracking for side panels (see utils/content/section-tracker.ts): off while no panel is connected. */
  sectionTracking?: { active: boolean; frames: number; medianMs: number | null; maxMs: number | null };
  /** The key shield in use: installed at document start (before page scripts) or late, and its cost. */
  keyShield?: { early: boolean; installMs: number };
  /** The tab's answers to the popup (getPageInfo): how many, their cost in ms, how many from parts kept ahead. */
  pageInfo?: { count: number; firstMs: number | null; lastMs: number | null; medianMs: number | null; maxMs: number | null; kept: number };
}

export const backgroundMessenger = defineMessenger<BackgroundProtocol>();
export const contentMessenger = defineMessenger<ContentProtocol>();

/** Sends one change to the single writer, retrying while the background restarts. */
export function sendPageOp(url: string, op: PageOp): Promise<PageRecord | null> {
  return retrying(() => backgroundMessenger.sendMessage('mutatePage', { url, op }));
}
