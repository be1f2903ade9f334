/**
 * Merge rules for concurrent versions of one synced document (CouchDB "conflicts": two
 * devices changed it while apart). Pure and deterministic, so every device that sees the
 * same versions picks the same result.
 *
 * - a highlight deleted on one device stays deleted (tombstones never come back);
 *   otherwise its newest version wins;
 * - a reflection keeps its newest text, and every other text becomes a conflict copy the
 *   reader can take or dismiss; a cleared reflection never beats written text;
 * - page facts (title, outline, tags): the newest version wins.
 *
 * "Newest" is the version's own time, never the order of arrival: a device that was
 * offline for a month brings old versions that lose to newer ones.
 */
import { entityName, type Entity, type ReflectionConflict } from './entities';

function order(a: Entity, b: Entity): number {
  if (a.at !== b.at) return b.at - a.at;
  // Same time: any fixed order, the same on every device.
  const ja = JSON.stringify(a);
  const jb = JSON.stringify(b);
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

/** The one version that wins among concurrent ones (at least one). */
export function mergeVersions(versions: Entity[]): Entity {
  if (versions.length === 0) throw new Error('mergeVersions needs at least one version');
  const sorted = versions.slice().sort(order);
  const first = sorted[0];
  if (first.kind === 'hl') {
    return sorted.find((v) => v.deleted) ?? first;
  }
  if (first.kind === 'rf') {
    const rfs = sorted.filter((v): v is Extract<Entity, { kind: 'rf' }> => v.kind === 'rf');
    const live = rfs.filter((v) => !v.deleted && v.reflection);
    if (live.length === 0) return first;
    const winner = live[0];
    const text = winner.reflection!.text;
    const copies = new Map<string, ReflectionConflict>();
    const add = (c: ReflectionConflict) => {
      if (c.text.trim() === '' || c.text === text) return;
      const had = copies.get(c.text);
      if (!had || had.updatedAt < c.updatedAt) copies.set(c.text, c);
    };
    for (const v of rfs) for (const c of v.conflicts) add(c);
    for (const v of live.slice(1)) add({ text: v.reflection!.text, updatedAt: v.reflection!.updatedAt });
    const conflicts = [...copies.values()].sort((a, b) => b.updatedAt - a.updatedAt || (a.text < b.text ? -1 : 1));
    return { ...winner, conflicts };
  }
  return first;
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
  return sortEntities([...byName.values()].map((list) => (list.length === 1 ? list[0] : mergeVersions(list))));
}
