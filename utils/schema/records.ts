/**
 * The one description of Gloss's data as it crosses a trust boundary: a message to the
 * background, an import file. Built on valibot (a maintained schema library); the
 * background validates every message with these schemas and the import reads every
 * page through them, so both refuse the same things with the same words.
 *
 * Messages read `<path> <what is wrong> (got <value>)`, e.g.
 * `pages[1].highlights[0].color must be one of yellow, green, blue, pink, purple (got "red")`.
 * Objects are rebuilt from the schema (unknown keys dropped), never passed through.
 */
import * as v from 'valibot';
import { COLOR_IDS } from '../store/schema';
import { t } from '../i18n';

/** Cap on any one text field (quote, note, reflection…), in UTF-16 units (~1 MB). */
export const MAX_TEXT = 1024 * 1024;
export const MAX_ID = 1000;
export const MAX_URL = 8192;
export const MAX_SHORT = 10_000;
export const MAX_ITEMS = 100_000;
export const MAX_TAGS = 1000;
const MAX_LEVEL = 64;
/** Latest valid time: JavaScript's own limit (year 275760). */
export const MAX_TIME = 8.64e15;
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A value as a message shows it: short, never the whole text. */
export function preview(value: unknown): string {
  if (value === undefined) return t('validNothing');
  if (Array.isArray(value)) return t('validAList');
  if (value === null) return 'null';
  if (typeof value === 'object') return t('validAnObject');
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  return String(value);
}

/** A message naming what the value should be, worded with the value it got. */
const got = (word: (got: string) => string) => (issue: v.BaseIssue<unknown>) => word(preview(issue.input));

export const text = (max: number, nonEmpty = false) =>
  v.pipe(
    v.string(got((g) => t('validText', g))),
    v.check((s) => s.length <= max, (i) => t('validTooLong', (i.input as string).length, max)),
    v.check((s) => !nonEmpty || s.length > 0, () => t('validNotEmpty')),
  );
export const textOrNull = (max: number) => v.nullable(text(max), null);

export const wholeNumber = (min: number, max: number) =>
  v.pipe(
    v.number(got((g) => t('validWholeNumber', min, max, g))),
    v.check((n) => Number.isInteger(n) && n >= min && n <= max, got((g) => t('validWholeNumber', min, max, g))),
  );
export const time = () => wholeNumber(0, MAX_TIME);

/** An id that may become an object key: never one that would reach a prototype. */
export const id = () =>
  v.pipe(
    text(MAX_ID, true),
    v.check((s) => !FORBIDDEN_KEYS.has(s), (i) => t('validForbidden', JSON.stringify(i.input))),
  );
export const idOrNull = () => v.nullable(id(), null);

export const color = () => v.picklist(COLOR_IDS, got((g) => t('validOneOf', COLOR_IDS.join(', '), g)));

export const list = <S extends v.GenericSchema>(item: S, max: number) =>
  v.pipe(
    v.array(item, got((g) => t('validList', g))),
    v.check((a) => a.length <= max, (i) => t('validTooMany', (i.input as unknown[]).length, max)),
  );

/**
 * An object schema. A missing key is worded as its own schema words `undefined` (so a
 * missing title reads "title must be text (got nothing)", not "must be an object").
 */
export const obj = <E extends v.ObjectEntries>(entries: E) =>
  v.object(entries, (issue) => {
    const last = issue.path?.[issue.path.length - 1];
    const key = last && last.type === 'object' ? String(last.key) : null;
    if (key !== null && issue.input === undefined && Object.prototype.hasOwnProperty.call(entries, key)) {
      const r = v.safeParse(entries[key], undefined);
      if (!r.success) return r.issues[0].message;
    }
    return t('validObject', preview(issue.input));
  });

export const StoredSectionSchema = obj({ id: id(), level: wholeNumber(1, MAX_LEVEL), heading: text(MAX_SHORT) });

/** Sections of an outline: ids unique. */
export const OutlineSchema = v.nullable(
  v.pipe(
    list(StoredSectionSchema, MAX_ITEMS),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const seen = new Set<string>();
      dataset.value.forEach((s, i) => {
        if (seen.has(s.id))
          addIssue({ message: t('validSectionTwice', JSON.stringify(s.id)), path: [pathItem(dataset.value, i), pathItem(s, 'id')] });
        seen.add(s.id);
      });
    }),
  ),
  null,
);

const SelectorsSchema = v.pipe(
  obj({
    quote: obj({
      type: v.literal('TextQuoteSelector', got((g) => t('validLiteral', '"TextQuoteSelector"', g))),
      exact: text(MAX_TEXT),
      prefix: text(MAX_SHORT),
      suffix: text(MAX_SHORT),
    }),
    position: obj({
      type: v.literal('TextPositionSelector', got((g) => t('validLiteral', '"TextPositionSelector"', g))),
      start: wholeNumber(0, Number.MAX_SAFE_INTEGER),
      end: wholeNumber(0, Number.MAX_SAFE_INTEGER),
    }),
    sectionId: idOrNull(),
    rawStart: v.optional(wholeNumber(0, Number.MAX_SAFE_INTEGER)),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { start, end } = dataset.value.position;
    if (end < start)
      addIssue({
        message: t('validWholeNumber', start, Number.MAX_SAFE_INTEGER, end),
        path: [pathItem(dataset.value, 'position'), pathItem(dataset.value.position, 'end')],
      });
  }),
);

export const HighlightSchema = obj({
  selectors: SelectorsSchema,
  id: id(),
  text: text(MAX_TEXT),
  color: color(),
  note: text(MAX_TEXT),
  sectionId: idOrNull(),
  sectionHeading: textOrNull(MAX_SHORT),
  createdAt: time(),
  updatedAt: time(),
});

export const ReflectionSchema = obj({
  sectionId: id(),
  heading: textOrNull(MAX_SHORT),
  text: text(MAX_TEXT),
  sectionHash: textOrNull(MAX_ID),
  sectionText: textOrNull(MAX_TEXT),
  createdAt: time(),
  updatedAt: time(),
});

/** A path item valibot's issues carry, for checks that look across fields. */
function pathItem(input: unknown, key: string | number): v.IssuePathItem {
  return Array.isArray(input)
    ? { type: 'array', origin: 'value', input, key: key as number, value: input[key as number] }
    : { type: 'object', origin: 'value', input: input as Record<string, unknown>, key: key as string, value: (input as Record<string, unknown>)[key] };
}

const HighlightsSchema = v.pipe(
  list(HighlightSchema, MAX_ITEMS),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const seen = new Map<string, number>();
    dataset.value.forEach((h, i) => {
      const before = seen.get(h.id);
      if (before !== undefined)
        addIssue({ message: t('validDuplicateId', JSON.stringify(h.id), `[${before}]`), path: [pathItem(dataset.value, i), pathItem(h, 'id')] });
      seen.set(h.id, i);
    });
  }),
);

const ReflectionsSchema = v.pipe(
  // valibot's record takes an array for an object ([] would pass as no reflections).
  v.unknown(),
  v.check((r) => !Array.isArray(r), got((g) => t('validObject', g))),
  v.record(v.string(), ReflectionSchema, got((g) => t('validObject', g))),
  v.check((r) => Object.keys(r).length <= MAX_ITEMS, (i) => t('validTooMany', Object.keys(i.input as object).length, MAX_ITEMS)),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const [key, r] of Object.entries(dataset.value)) {
      if (r.sectionId !== key)
        addIssue({
          message: t('validEqualKey', JSON.stringify(key.slice(0, 60)), preview(r.sectionId)),
          path: [pathItem(dataset.value, key), pathItem(r, 'sectionId')],
        });
    }
  }),
);

/** A page address as text (http, https or file is checked where it is normalised). */
export const pageUrlText = () => text(MAX_URL, true);

export const PageRecordSchema = obj({
  highlights: HighlightsSchema,
  reflections: ReflectionsSchema,
  url: pageUrlText(),
  title: text(MAX_TEXT),
  site: text(MAX_ID),
  outline: OutlineSchema,
  tags: list(text(MAX_ID), MAX_TAGS),
  firstVisitAt: time(),
  lastVisitAt: time(),
  updatedAt: time(),
});

/** `a.b[2]["key"].c`: where an issue is, as the messages show it. */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  let out = '';
  let inRecord = false;
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else if (inRecord || item.type !== 'object') out += `[${JSON.stringify(String(key).slice(0, 60))}]`;
    else out += out ? `.${String(key)}` : String(key);
    // Keys of a record (reflections by section id) are data, shown quoted.
    inRecord = RECORD_FIELDS.has(String(key)) && !inRecord;
  }
  return out;
}

/** Fields whose value is a record keyed by data (see issuePath). */
const RECORD_FIELDS = new Set(['reflections']);

/** The first issue of a failed parse as one sentence, under `prefix` (e.g. `pages[3]`). */
export function describeIssue(issue: v.BaseIssue<unknown>, prefix = ''): string {
  const p = issuePath(issue);
  const where = prefix && p ? (p.startsWith('[') ? prefix + p : `${prefix}.${p}`) : prefix || p;
  // Duplicate-id messages name the other entry relative to the list.
  // (the message ends with the other entry's index, `[n]`, in every language).
  const message = /\[\d+\]\.id$/.test(where)
    ? issue.message.replace(/\[(\d+)\]$/, (_, n: string) => `${where.replace(/\[\d+\]\.id$/, '')}[${n}]`)
    : issue.message;
  return where ? `${where} ${message}` : message;
}

/**
 * Parses `input` with `schema`; returns the rebuilt value or throws `makeError` with the
 * first problem worded (see {@link describeIssue}).
 */
export function parseWith<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  prefix: string,
  makeError: (message: string) => Error,
): v.InferOutput<S> {
  const r = v.safeParse(schema, input, { abortEarly: true });
  if (r.success) return r.output;
  throw makeError(describeIssue(r.issues[0], prefix));
}
