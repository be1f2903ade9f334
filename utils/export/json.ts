import { SCHEMA_VERSION } from '../store/schema';
import type { PageRecord } from '../store/schema';

export const EXPORT_FORMAT = 'gloss-export';
/** Bump when the envelope or page layout changes; keep older versions importable. */
export const EXPORT_FORMAT_VERSION = 1;

/** The JSON export file: pages exactly as stored, in a versioned envelope. */
export interface GlossExport {
  format: typeof EXPORT_FORMAT;
  formatVersion: number;
  extensionVersion: string;
  /** ISO 8601. */
  exportedAt: string;
  /** Stored-data version the pages are in. */
  schemaVersion: number;
  pages: PageRecord[];
}

/**
 * The lossless JSON export: `{ format: 'gloss-export', formatVersion, extensionVersion,
 * exportedAt, schemaVersion, pages }`, pretty-printed. `parseImport` reads it back to
 * equal pages.
 */
export function toJsonExport(pages: PageRecord[], opts: { now?: Date; extensionVersion: string }): string {
  const envelope: GlossExport = {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    extensionVersion: opts.extensionVersion,
    exportedAt: (opts.now ?? new Date()).toISOString(),
    schemaVersion: SCHEMA_VERSION,
    pages,
  };
  return JSON.stringify(envelope, null, 2) + '\n';
}
