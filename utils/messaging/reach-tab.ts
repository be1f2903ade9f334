/**
 * Whether Gloss can work in a tab, as a typed state the popup renders: with `ok` the
 * page's info; with `unreachable` a reason and a plain message, and the popup then shows
 * no field at all (text typed where it cannot be saved would be lost).
 *
 * A tab open before Gloss was installed or updated has no content script: the popup's
 * opening is a user action that grants `activeTab`, so Gloss starts itself there with
 * `scripting` and asks again. Browser pages cannot be scripted: they say why.
 */
import { t } from '../i18n';
import type { PageInfo } from './protocol';

export type Unreachable = { kind: 'unreachable'; reason: 'browser-page' | 'reload' | 'no-tab'; message: string };
export type TabReach = { kind: 'ok'; info: PageInfo } | Unreachable;

export interface ReachDeps {
  pageInfo(tabId: number): Promise<PageInfo>;
  /** Starts Gloss's content script in the tab (scripting.executeScript). */
  inject(tabId: number): Promise<void>;
  /** Waits `ms` (injectable for tests). */
  sleep?(ms: number): Promise<void>;
}

/** What the browser says when a page cannot be scripted by any extension. */
const BROWSER_PAGE =
  /cannot access (a |contents of )?(chrome|edge|about|moz|view-source|devtools|chrome-extension)|cannot be scripted|extensions gallery|webstore|Missing host permission|Cannot access contents of the page|Cannot access a chrome|Cannot access contents of url "(chrome|about|edge|data|view-source)/i;

export function unreachable(reason: Unreachable['reason']): Unreachable {
  const key = reason === 'browser-page' ? 'journalUnreachableBrowserPage' : reason === 'no-tab' ? 'journalUnreachableNoTab' : 'journalUnreachableReload';
  return { kind: 'unreachable', reason, message: t(key) };
}

/** Asks the tab; on no answer, starts Gloss there once and asks again (see module comment). */
export async function reachTab(tabId: number | null, deps: ReachDeps): Promise<TabReach> {
  if (tabId == null) return unreachable('no-tab');
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  try {
    return { kind: 'ok', info: await deps.pageInfo(tabId) };
  } catch {
    // No content script answered: a browser page, or a tab older than this Gloss.
  }
  try {
    await deps.inject(tabId);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return unreachable(BROWSER_PAGE.test(msg) ? 'browser-page' : 'reload');
  }
  // The started script registers its handlers at once; give it a moment to answer.
  for (let i = 0; i < 20; i++) {
    try {
      return { kind: 'ok', info: await deps.pageInfo(tabId) };
    } catch {
      await sleep(100);
    }
  }
  return unreachable('reload');
}
