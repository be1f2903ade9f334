/**
 * One live copy of Gloss per page. The popup starts Gloss itself in a tab that was open
 * before install or update (see utils/messaging/reach-tab.ts); if a copy was in fact
 * about to answer, a second one must not start beside it. Copies of one extension share
 * the content-script world, which the page cannot see: each copy leaves there a check
 * that stays true only while its own extension context is alive.
 */
const KEY = Symbol.for('gloss:alive');

type Holder = { [KEY]?: () => boolean };

/** True (and this copy registered) when no live copy runs in `world`; false otherwise. */
export function claimPage(world: object, alive: () => boolean): boolean {
  const holder = world as Holder;
  if (holder[KEY]?.()) return false;
  holder[KEY] = alive;
  return true;
}
