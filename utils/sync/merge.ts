/**
 * Merge rules for concurrent versions of one synced document (CouchDB "conflicts": two
 * devices changed it while apart). Pure and deterministic, so every device that sees the
 * same versions picks the same result.
 *
 * - a highlight deleted on one device stays deleted (tombstones never come back);
 *   otherwise its newest version wins for colour and every other field, and its note
 *   follows the reflection rule below (newest non-empty text, other texts as copies);
 * - a reflection keeps its newest text, and every other text becomes a conflict copy the
 *   reader can take or dismiss; a cleared reflection never beats written text;
 * - page facts (title, outline, tags): the newest version wins.
 *
 * Texts (reflections and highlight notes), one rule: the text is the newest non-empty
 * one among the versions; every other non-empty text that differs from it becomes a
 * conflict copy `{text, updatedAt}` (copies the versions already carried are kept, one
 * per text, the newest time; newest first). A cleared text (an empty note, a deleted
 * reflection) never beats written text: when one device cleared it and another wrote
 * text at the same time, the text stays, since keeping it can be undone by the reader
 * and losing it cannot. A version the other side had already seen is not "at the same
 * time": see {@link mergeDocVersions}.
 *
 * "Newest" is the version's own time, never the order of arrival: a device that was
 * offline for a month brings old versions that lose to newer ones.
 */
import { entityName, type Entity } from './entities';
import type { ConflictCopy } from './copies';
import { hashText } from '../hash';

function order(a: Entity, b: Entity): number {
  if (a.at !== b.at) return b.at - a.at;
  // Same time: any fixed order, the same on every device.
  const ja = JSON.stringify(a);
  const jb = JSON.stringify(b);
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

/**
 * The newest non-empty text among `texts` (newest first) and every other non-empty text
 * as a copy, with the copies the versions carried (see the module comment).
 */
function mergeTexts(texts: ConflictCopy[], carried: ConflictCopy[]): { text: string | null; copies: ConflictCopy[] } {
  const winner = texts.find((c) => c.text.trim() !== '') ?? null;
  const text = winner?.text ?? null;
  const copies = new Map<string, ConflictCopy>();
  const add = (c: ConflictCopy) => {
    if (c.text.trim() === '' || c.text === text) return;
    const had = copies.get(c.text);
    if (!had || had.updatedAt < c.updatedAt) copies.set(c.text, { text: c.text, updatedAt: c.updatedAt });
  };
  for (const c of carried) add(c);
  for (const c of texts) add(c);
  return { text, copies: [...copies.values()].sort((a, b) => b.updatedAt - a.updatedAt || (a.text < b.text ? -1 : 1)) };
}

type Hl = Extract<Entity, { kind: 'hl' }>;
type Rf = Extract<Entity, { kind: 'rf' }>;

/** The one version that wins among concurrent ones (at least one). */
export function mergeVersions(versions: Entity[]): Entity {
  if (versions.length === 0) throw new Error('mergeVersions needs at least one version');
  return mergedIdentity(mergeContent(versions), versions);
}

function mergeContent(versions: Entity[]): Entity {
  const sorted = versions.slice().sort(order);
  const first = sorted[0];
  if (first.kind === 'hl') {
    const hls = sorted.filter((v): v is Hl => v.kind === 'hl');
    const tombstone = hls.find((v) => v.deleted);
    if (tombstone) return { ...tombstone, conflicts: [] };
    const live = hls.filter((v) => v.highlight);
    if (live.length === 0) return first;
    const winner = live[0];
    const { text, copies } = mergeTexts(
      live.map((v) => ({ text: v.highlight!.note, updatedAt: v.highlight!.updatedAt })),
      live.flatMap((v) => v.conflicts ?? []),
    );
    return { ...winner, highlight: { ...winner.highlight!, note: text ?? winner.highlight!.note }, conflicts: copies };
  }
  if (first.kind === 'rf') {
    const rfs = sorted.filter((v): v is Rf => v.kind === 'rf');
    const live = rfs.filter((v) => !v.deleted && v.reflection);
    if (live.length === 0) return first;
    const { text, copies } = mergeTexts(
      live.map((v) => ({ text: v.reflection!.text, updatedAt: v.reflection!.updatedAt })),
      rfs.flatMap((v) => v.conflicts ?? []),
    );
    const winner = live.find((v) => v.reflection!.text === text) ?? live[0];
    return { ...winner, conflicts: copies };
  }
  return first;
}

/** JSON with object keys in sorted order: equal values, equal text, whatever built them. */
function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) : x,
  );
}

function sameContent(a: Entity, b: Entity): boolean {
  const { v: _av, from: _af, ...x } = a;
  const { v: _bv, from: _bf, ...y } = b;
  return stableJson(x) === stableJson(y);
}

/**
 * True when two versions of an entity hold the same thing (its highlight, reflection or
 * page facts, and whether it is deleted), whatever conflict copies they carry and
 * whoever wrote them.
 */
export function samePayload(a: Entity, b: Entity): boolean {
  const strip = (e: Entity) => {
    const { v: _v, from: _f, ...rest } = e;
    if ('conflicts' in rest) delete (rest as { conflicts?: unknown }).conflicts;
    return stableJson(rest);
  };
  return strip(a) === strip(b);
}

const MERGED = 'm';

function writerOf(v: string | undefined): { device: string; n: number } | null {
  if (!v) return null;
  const dot = v.lastIndexOf('.');
  if (dot <= 0 || v.slice(0, dot) === MERGED) return null;
  const n = Number(v.slice(dot + 1));
  return Number.isInteger(n) ? { device: v.slice(0, dot), n } : null;
}

/**
 * A version written on this device (its engine's random `device` id, `n` counting its
 * writes) in place of `had` (the version its copy held, if any): it gets its own version
 * id and says which other version its edits started from. Consecutive edits on one device
 * keep the version they started from.
 */
export function writtenBy(e: Entity, device: string, n: number, had: Entity | undefined): Entity {
  // Written again unchanged (a page document re-sent whole): still that version.
  if (had && sameContent(had, e)) return had;
  const { v: _v, from: _f, ...rest } = e;
  const from = had ? (writerOf(had.v)?.device === device ? had.from : had.v) : undefined;
  return from ? { ...rest, v: `${device}.${n}`, from } : { ...rest, v: `${device}.${n}` };
}

/**
 * True when version `y` is known to come before version `x` (x's writer had it): `x`'s
 * edits started from `y` or from a later version by `y`'s device, or one device wrote
 * both, `y` first (a device writes each version on top of its previous ones). Unknown (versions without
 * an id: older documents, a library joining) is never "before".
 */
export function isBefore(y: Entity, x: Entity): boolean {
  if (!y.v || !x.v) return false;
  if (x.from === y.v) return true;
  const wy = writerOf(y.v);
  if (!wy) return false;
  const wx = writerOf(x.v);
  if (wx && wy.device === wx.device && wy.n < wx.n) return true;
  // x started from a later version of y's device (which had y before it).
  const wf = writerOf(x.from);
  return !!wf && wy.device === wf.device && wy.n <= wf.n;
}

/**
 * A merge result's version id: an input's own when the result is that input, else one
 * made from the result's content (every device merging the same versions writes the
 * same document), with no "from" (it started from all of them).
 */
function mergedIdentity(result: Entity, inputs: Entity[]): Entity {
  const same = inputs.find((i) => sameContent(i, result));
  if (same) return same;
  const { v: _v, from: _f, ...rest } = result;
  const json = stableJson(rest);
  return { ...rest, v: `${MERGED}.${hashText(json)}${hashText(`${json}\u0001`)}` };
}

/** A document's entities in their one stored order (by name), so equal content is equal JSON. */
export function sortEntities(entities: Entity[]): Entity[] {
  return entities
    .map((e) => [entityName(e), e] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, e]) => e);
}

/**
 * Merges concurrent versions of one synced document, each a list of entities (a page
 * document holds the page's facts and every highlight, tombstones included): the union
 * of their entities, each merged with {@link mergeVersions}. An entity missing from one
 * version is one that device had not seen, never a deletion (deletions are tombstones).
 *
 * A live version that another version is known to come after ({@link isBefore}) takes
 * no part: its device had not touched it since (a note edited on one device only is no
 * conflict, and its old text no copy). A version whose history is unknown (older
 * documents, a library joining) always takes part: at worst a copy too many, never a
 * text lost. Tombstones always take part (a deleted highlight stays deleted).
 */
export function mergeDocVersions(versions: Entity[][]): Entity[] {
  const byName = new Map<string, Entity[]>();
  for (const v of versions) {
    for (const e of v) {
      const name = entityName(e);
      const list = byName.get(name);
      if (list) list.push(e);
      else byName.set(name, [e]);
    }
  }
  return sortEntities(
    [...byName.values()].map((list) => {
      const later = list.filter((y) => y.deleted || !list.some((x) => x !== y && isBefore(y, x)));
      const candidates = later.length ? later : list;
      return candidates.length === 1 ? candidates[0] : mergeVersions(candidates);
    }),
  );
}
