/**
 * Schemas of the messages the background accepts (see BackgroundProtocol): every
 * message is parsed with these before anything is done with it, and refused with a
 * clear error when it does not fit. Shares its pieces with the import (records.ts).
 */
import * as v from 'valibot';
import { COLOR_IDS } from '../store/schema';
import {
  HighlightSchema,
  MAX_ID,
  MAX_SHORT,
  MAX_TAGS,
  MAX_TEXT,
  MAX_URL,
  OutlineSchema,
  PageRecordSchema,
  id,
  list,
  obj,
  text,
  textOrNull,
  time,
  color,
} from './records';

/** Import files travel as text: at most this many UTF-16 units (the 50 MB file cap). */
export const MAX_IMPORT_CHARS = 50 * 1024 * 1024;


export const PageMetaSchema = obj({
  url: text(MAX_URL, true),
  title: text(MAX_TEXT),
  site: text(MAX_ID),
  outline: OutlineSchema,
});

const at = v.optional(time());

export const PageOpSchema = v.variant(
  'type',
  [
    obj({ type: v.literal('addHighlight'), meta: PageMetaSchema, highlight: HighlightSchema }),
    obj({
      type: v.literal('updateHighlight'),
      id: id(),
      patch: obj({ note: v.optional(text(MAX_TEXT)), color: v.optional(color()) }),
      at,
    }),
    obj({ type: v.literal('deleteHighlight'), id: id() }),
    obj({ type: v.literal('restoreHighlight'), meta: PageMetaSchema, highlight: HighlightSchema }),
    obj({
      type: v.literal('setReflection'),
      meta: PageMetaSchema,
      sectionId: id(),
      heading: textOrNull(MAX_SHORT),
      text: text(MAX_TEXT),
      sectionHash: textOrNull(MAX_ID),
      sectionText: textOrNull(MAX_TEXT),
      at,
    }),
    obj({ type: v.literal('setTags'), meta: v.nullable(PageMetaSchema), tags: list(text(MAX_ID), MAX_TAGS) }),
    obj({ type: v.literal('deletePage') }),
    obj({ type: v.literal('restorePage'), page: PageRecordSchema }),
  ],
  (i) => `must be a known change to a page (got ${JSON.stringify((i.input as { type?: unknown })?.type ?? null)})`,
);

const label = () => v.pipe(text(100), v.check((s) => s.trim().length > 0, 'must not be empty'));
export const ColorLabelsSchema = obj({ yellow: label(), green: label(), blue: label(), pink: label(), purple: label() });
// The five colours above are COLOR_IDS; a new colour must be added here too.
const _allColours: Record<(typeof COLOR_IDS)[number], unknown> = ColorLabelsSchema.entries;
void _allColours;

/** One schema per background message, keyed by message type. */
export const backgroundMessageSchemas = {
  mutatePage: obj({ url: text(MAX_URL, true), op: PageOpSchema }),
  importFile: obj({ text: text(MAX_IMPORT_CHARS) }),
  setColorLabels: obj({ labels: ColorLabelsSchema }),
  getStatus: obj({}),
} as const;
