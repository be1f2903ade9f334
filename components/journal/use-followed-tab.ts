import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FollowMessage } from '@/utils/messaging/follow';
import type { LoadedJournal } from './load-page-journal';
import { createPageChangeFeed, type PageChangeFeed } from './page-change-feed';

/** A port to a tab's content script, as the panel uses it. */
export interface FollowConnection {
  onMessage(cb: (m: FollowMessage) => void): void;
  onDisconnect(cb: () => void): void;
  disconnect(): void;
}

/** What the side panel needs from the browser to follow the reader; injectable for tests. */
export interface FollowEnv {
  /** `?tabId=N`: the panel shows that tab only (tests, judges' scripts). */
  fixedTabId: number | null;
  /** The tab active in the panel's window now. */
  activeTabId(): Promise<number | null>;
  /** Calls `cb` when another tab becomes active in the panel's window. Returns a remover. */
  onTabActivated(cb: (tabId: number) => void): () => void;
  /** Calls `cb` when a tab finished loading. Returns a remover. */
  onTabLoaded(cb: (tabId: number) => void): () => void;
  /** Opens the follow port to the tab's content script (see utils/messaging/follow.ts). */
  connect(tabId: number): FollowConnection;
  /** Loads a tab's journal (see loadPageJournal); null: there is no tab to follow. */
  load(tabId: number | null): Promise<LoadedJournal>;
  /** Calls `cb` when the reader asks to reflect on the section being read (context menu). */
  onReflectRequest(cb: () => void): () => void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface FollowedTab {
  /** The journal of the tab being followed (a new promise for each tab, reload, navigation). */
  initial: Promise<LoadedJournal> | null;
  /** The section in view as the tab reports it; undefined while not known. */
  activeSectionId: string | null | undefined;
  /** Bumped each time the reader asks to reflect on the section being read. */
  reflectRequest: number;
  /** Changes with each page followed (tab, reload, navigation): the view starts afresh. */
  pageKey: string;
  /** The followed page's changes to its highlights, as it sends them to the writer. */
  pageChanges: PageChangeFeed;
}

const RETRY_MS = [200, 400, 800, 1500, 2500];

/**
 * The side panel's bridge to the reader's tab: follows the active tab of its window (or
 * the fixed `?tabId=`), loads its journal again after a tab switch, a reload or an
 * in-page navigation, and keeps the section in view current through the follow port.
 * A port lost to a reload is reopened with backoff (also at once when the tab finishes
 * loading); its first message means a new page: the journal is loaded again.
 */
export function useFollowedTab(env: FollowEnv): FollowedTab {
  const [tabId, setTabId] = useState<number | null>(env.fixedTabId);
  const [generation, setGeneration] = useState(0);
  const [activeSectionId, setActive] = useState<string | null | undefined>(undefined);
  const [reflectRequest, setReflect] = useState(0);
  const resolved = useRef(env.fixedTabId != null);
  const pageChanges = useMemo(createPageChangeFeed, []);

  useEffect(() => {
    if (env.fixedTabId != null) return;
    let live = true;
    void env.activeTabId().then((id) => {
      if (!live) return;
      resolved.current = true;
      setTabId(id);
      // No tab at all: the journal says so.
      if (id == null) setGeneration((g) => g + 1);
    });
    const off = env.onTabActivated((id) => {
      setActive(undefined);
      setTabId(id);
    });
    return () => {
      live = false;
      off();
    };
  }, []);

  useEffect(() => env.onReflectRequest(() => setReflect((n) => n + 1)), []);

  useEffect(() => {
    if (tabId == null) return;
    let live = true;
    let port: FollowConnection | null = null;
    let attempt = 0;
    let lost = false;
    let timer: unknown = null;
    const connect = () => {
      timer = null;
      if (!live) return;
      port?.disconnect();
      const p = env.connect(tabId);
      port = p;
      p.onMessage((m) => {
        if (!live || port !== p) return;
        attempt = 0;
        if (lost || m.type === 'location') {
          // A reloaded page, or a new one in place: its journal is loaded again.
          lost = false;
          setGeneration((g) => g + 1);
        }
        if (m.type === 'section') setActive(m.sectionId);
        else if (m.type === 'op' || m.type === 'opFailed') pageChanges.push(m);
      });
      p.onDisconnect(() => {
        if (!live || port !== p) return;
        lost = true;
        setActive(undefined);
        timer = env.setTimeout(connect, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
      });
    };
    connect();
    const offLoaded = env.onTabLoaded((id) => {
      if (id !== tabId || !lost) return;
      if (timer != null) env.clearTimeout(timer);
      attempt = 0;
      connect();
    });
    return () => {
      live = false;
      offLoaded();
      if (timer != null) env.clearTimeout(timer);
      port?.disconnect();
    };
  }, [tabId]);

  const initial = useMemo(
    () => (tabId != null ? env.load(tabId) : resolved.current ? env.load(null) : null),
    [tabId, generation],
  );
  return { initial, activeSectionId, reflectRequest, pageKey: `${tabId}:${generation}`, pageChanges };
}
