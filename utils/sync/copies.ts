/**
 * Conflict copies: texts that lost a sync merge, kept for the reader to take or dismiss.
 * One mechanism for both kinds of text sync can merge: a reflection's (by section id)
 * and a highlight's note (by highlight id).
 *
 * Stored per page under `syncConflicts:<url>` (written only by the background), as
 * {@link StoredConflicts} (version 2): reflections and notes in two maps, so no section
 * id, whatever an import brought, can be taken for a highlight id. Version 1 (before note
 * copies) was the reflections map alone; it is read as version 2 with no note copies and
 * written back as version 2 the next time the page's copies change.
 *
 * Pure: stored values in, values to store out.
 */
import type { Entity } from './entities';

/** A text that lost a merge (a reflection's or a highlight's note). */
export interface ConflictCopy {
  text: string;
  /** When the losing text was written. */
  updatedAt: number;
}

/** A page's conflict copies: reflections' by section id, notes' by highlight id. */
export interface PageConflicts {
  reflections: Record<string, ConflictCopy[]>;
  notes: Record<string, ConflictCopy[]>;
}

/** What a copy belongs to: a section's reflection or a highlight's note. */
export type ConflictTarget = { sectionId: string } | { highlightId: string };

export const CONFLICTS_VERSION = 2;

/** The stored shape, version 2. */
export interface StoredConflicts extends PageConflicts {
  version: typeof CONFLICTS_VERSION;
}

export const NO_CONFLICTS: PageConflicts = Object.freeze({ reflections: Object.freeze({}), notes: Object.freeze({}) }) as PageConflicts;

function copyList(value: unknown): ConflictCopy[] {
  if (!Array.isArray(value)) return [];
  return value.filter((c): c is ConflictCopy => !!c && typeof c === 'object' && typeof c.text === 'string' && typeof c.updatedAt === 'number');
}

function listMap(value: unknown): Record<string, ConflictCopy[]> {
  const out: Record<string, ConflictCopy[]> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    const list = copyList(v);
    if (list.length) out[k] = list;
  }
  return out;
}

/**
 * A page's copies as stored (an empty record when none). Reads version 2 and version 1
 * (a map of section id → copies, every value a list, so it can never hold a numeric
 * `version`); malformed entries are left out, never thrown on.
 */
export function readConflicts(value: unknown): PageConflicts {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return NO_CONFLICTS;
  const v = value as Record<string, unknown>;
  if (v.version === CONFLICTS_VERSION) return { reflections: listMap(v.reflections), notes: listMap(v.notes) };
  return { reflections: listMap(v), notes: {} };
}

/** The value to store for a page's copies: null when there is none (the key is removed). */
export function storedConflicts(c: PageConflicts): StoredConflicts | null {
  if (!hasCopies(c)) return null;
  return { version: CONFLICTS_VERSION, reflections: c.reflections, notes: c.notes };
}

export function hasCopies(c: PageConflicts): boolean {
  return Object.keys(c.reflections).length > 0 || Object.keys(c.notes).length > 0;
}

/** The copies kept for one reflection or note. */
export function copiesOf(c: PageConflicts, target: ConflictTarget): ConflictCopy[] {
  return ('highlightId' in target ? c.notes[target.highlightId] : c.reflections[target.sectionId]) ?? [];
}

/** `c` with the copies of one reflection or note replaced (an empty list removes them). */
export function withCopies(c: PageConflicts, target: ConflictTarget, list: ConflictCopy[]): PageConflicts {
  const field = 'highlightId' in target ? 'notes' : 'reflections';
  const id = 'highlightId' in target ? target.highlightId : target.sectionId;
  const map = { ...c[field] };
  if (list.length) map[id] = list;
  else delete map[id];
  return { ...c, [field]: map };
}

/**
 * The copies after applying entities from another device: each reflection and highlight
 * carries its copies (merged, the newest there are); a deleted one has none.
 */
export function copiesAfter(c: PageConflicts, entities: Iterable<Entity>): PageConflicts {
  let next = c;
  for (const e of entities) {
    if (e.kind === 'rf') next = withCopies(next, { sectionId: e.sectionId }, e.deleted ? [] : (e.conflicts ?? []));
    else if (e.kind === 'hl') next = withCopies(next, { highlightId: e.id }, e.deleted ? [] : (e.conflicts ?? []));
  }
  return next;
}

/**
 * A reflection's or note's copies after the reader took `taken` in place of the current
 * text: the taken copy goes, and the text it replaces becomes a copy, so a wrong click is
 * undone by taking that one back. A blank current text, or one already kept, adds none.
 */
export function copiesAfterTake(list: ConflictCopy[], taken: string, replaced: ConflictCopy | null): ConflictCopy[] {
  const rest = list.filter((c) => c.text !== taken);
  if (!replaced || !replaced.text.trim() || replaced.text === taken || rest.some((c) => c.text === replaced.text)) return rest;
  return [...rest, { text: replaced.text, updatedAt: replaced.updatedAt }];
}
