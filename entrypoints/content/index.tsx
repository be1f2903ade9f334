import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { browser, type Browser } from 'wxt/browser';
import { render } from 'preact';
import { PageOverlay } from '@/components/page/PageOverlay';
import '@/components/page/overlay.css';
import { createStore } from '@/utils/store/storage';
import { onStoredChanges } from '@/utils/store/watch';
import { contentMessenger, sendPageOp } from '@/utils/messaging/protocol';
import { createPageSession, type OverlayState } from '@/utils/content/page-session';
import { ignoreForgedRestarts } from '@/utils/content/forged-restart';
import { claimPage } from '@/utils/content/single-copy';
import type { ColorId } from '@/utils/store/schema';
import { createSectionTracker, scrollToSection } from '@/utils/content/section-tracker';
import { FOLLOW_PORT } from '@/utils/messaging/follow';
import { relayToPanels } from '@/utils/content/panel-relay';
import { installKeyShield } from '@/utils/content/key-shield';
import { createShieldedInput } from '@/utils/content/shielded-input';
import { OVERLAY_ISOLATED_EVENTS } from '@/utils/content/ui-events';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  // WXT would otherwise postMessage "<extension id>:content:wxt:content-script-started"
  // to every page: any site could detect Gloss and learn its id.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    // Started by the popup in a tab where a live copy already runs: leave it to that one.
    if (!claimPage(globalThis, () => !ctx.signal.aborted && !!browser.runtime?.id)) return;
    // The event's name as WXT builds it (declared private in its types; read, not rebuilt).
    const startedEvent = (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE: string }).SCRIPT_STARTED_MESSAGE_TYPE;
    ignoreForgedRestarts(window, startedEvent, () => !!browser.runtime?.id, ctx.signal);
    const started = performance.now();
    let startupMs = 0;
    let storageReads = 0;
    const store = createStore(browser.storage.local);
    // The shield the document_start script installed (or, in a tab Gloss was started in
    // later, one installed now): keys typed into the card never reach the page.
    const shield = installKeyShield(window, globalThis, { early: false });
    const shieldedInput = createShieldedInput();
    let latest: OverlayState | null = null;
    let host: HTMLElement | null = null;
    let mounted: Promise<HTMLElement> | null = null;

    // The shadow-root UI is only created when something must be shown, so a page
    // where Gloss is not used gets no extra element at all.
    // WXT removes the UI when this copy stops (extension updated or reloaded); an open
    // card is kept until the reader closes it, so a note being typed never vanishes.
    let removeUi: (() => void) | null = null;
    let releaseShield: (() => void) | null = null;
    const uiCtx = {
      options: (ctx as unknown as { options?: unknown }).options,
      onInvalidated: (cb: () => void) =>
        ctx.onInvalidated(() => {
          removeUi = cb;
          if (!session.keepOnScreen()) cb();
        }),
    } as unknown as typeof ctx;
    const mount = () =>
      (mounted ??= createShadowRootUi(uiCtx, {
        name: 'gloss-overlay',
        // Closed: page scripts cannot reach the toolbar, the card or the note in it.
        mode: 'closed',
        // Keys, input, focus and clicks inside the card do not bubble out to the page's
        // listeners; the same list the key shield stops at window (utils/content/ui-events.ts).
        isolateEvents: OVERLAY_ISOLATED_EVENTS,
        position: 'inline',
        anchor: () => document.documentElement,
        append: 'last',
        onMount: (container, shadow, shadowHost) => {
          // Kept events go to the element focused in Gloss's closed root (only Gloss holds it).
          releaseShield = shield.guard(
            shadowHost,
            (e) => shieldedInput.deliver(e, shadow.activeElement),
            () => shadow.activeElement !== null,
          );
          return container;
        },
        onRemove: () => releaseShield?.(),
      }).then((ui) => {
        ui.mount();
        host = ui.shadowHost;
        return ui.mounted as HTMLElement;
      }));

    // Created before the session, whose outline and URL it reads only once a panel connects.
    const tracker = createSectionTracker({ win: window, outline: () => session.outline(), url: () => session.url, signal: ctx.signal });
    const session = createPageSession({
      win: window,
      getPage: (url) => {
        storageReads++;
        return store.getPage(url);
      },
      getColorLabels: async () => {
        storageReads++;
        return (await store.getSettings()).colorLabels;
      },
      // Changes to highlights also go straight to an open side panel (storage stays the truth).
      mutate: relayToPanels(sendPageOp, (m) => tracker.post(m)),
      render: (state) => {
        latest = state;
        if (ctx.signal.aborted && state.view.kind === 'none') {
          removeUi?.();
          return;
        }
        if (!mounted && state.view.kind === 'none' && !state.toast) return;
        void mount().then((container) => {
          if (latest) render(<PageOverlay {...latest} {...session.overlayHandlers} input={shieldedInput} />, container);
        });
      },
      isOwnUi: (target) => !!host && target instanceof Node && (target === host || host.contains(target)),
      signal: ctx.signal,
    });

    contentMessenger.onMessage('getPageInfo', () => session.pageInfo());
    contentMessenger.onMessage('getSectionText', ({ sectionId }) => session.sectionText(sectionId));
    contentMessenger.onMessage('scrollToHighlight', ({ id }) => session.scrollTo(id));
    contentMessenger.onMessage('scrollToSection', ({ sectionId }) => scrollToSection(session.outline(), sectionId, window));
    // The side panel follows the section in view through a port; no port, no work.
    const onConnect = (port: Browser.runtime.Port) => void (port.name === FOLLOW_PORT && tracker.attach(port));
    browser.runtime.onConnect.addListener(onConnect);
    ctx.onInvalidated(() => browser.runtime.onConnect.removeListener(onConnect));
    contentMessenger.onMessage('highlightSelection', ({ color }) => session.highlightSelection(color));
    contentMessenger.onMessage('getDiagnostics', () => ({
      storageReads,
      ...session.counters(),
      uiMounted: !!mounted,
      startupMs,
      keyShield: { early: shield.early, installMs: shield.installMs },
      sectionTracking: tracker.stats(),
    }));

    onStoredChanges(
      browser.storage.local,
      (changes) => {
        const key = session.storageKey();
        if (key in changes) session.reconcile((changes[key].newValue ?? null) as never);
        const settings = changes.settings?.newValue as { colorLabels?: Record<ColorId, string> } | undefined;
        if (settings?.colorLabels) session.setLabels(settings.colorLabels);
      },
      ctx.signal,
    );

    ctx.addEventListener(window, 'wxt:locationchange', () => {
      session.onLocationChange();
      tracker.locationChanged();
    });

    await session.load();
    startupMs = performance.now() - started;
  },
});
