import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { browser, type Browser } from 'wxt/browser';
import { render } from 'preact';
import { PageOverlay } from '@/components/page/PageOverlay';
import '@/components/page/overlay.css';
import { createStore } from '@/utils/store/storage';
import { contentMessenger, sendPageOp } from '@/utils/messaging/protocol';
import { createPageSession, type OverlayState } from '@/utils/content/page-session';
import type { ColorId } from '@/utils/store/schema';
import { createSectionTracker, scrollToSection } from '@/utils/content/section-tracker';
import { FOLLOW_PORT } from '@/utils/messaging/follow';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  async main(ctx) {
    const started = performance.now();
    let startupMs = 0;
    let storageReads = 0;
    const store = createStore(browser.storage.local);
    let latest: OverlayState | null = null;
    let host: HTMLElement | null = null;
    let mounted: Promise<HTMLElement> | null = null;

    // The shadow-root UI is only created when something must be shown, so a page
    // where Gloss is not used gets no extra element at all.
    const mount = () =>
      (mounted ??= createShadowRootUi(ctx, {
        name: 'gloss-overlay',
        position: 'inline',
        anchor: () => document.documentElement,
        append: 'last',
        onMount: (container) => container,
      }).then((ui) => {
        ui.mount();
        host = ui.shadowHost;
        return ui.mounted as HTMLElement;
      }));

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
      mutate: sendPageOp,
      render: (state) => {
        latest = state;
        if (!mounted && state.view.kind === 'none' && !state.toast) return;
        void mount().then((container) => {
          if (latest) render(<PageOverlay {...latest} {...session.overlayHandlers} />, container);
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
    const tracker = createSectionTracker({ win: window, outline: session.outline, url: () => session.url, signal: ctx.signal });
    const onConnect = (port: Browser.runtime.Port) => void (port.name === FOLLOW_PORT && tracker.attach(port));
    browser.runtime.onConnect.addListener(onConnect);
    ctx.onInvalidated(() => browser.runtime.onConnect.removeListener(onConnect));
    contentMessenger.onMessage('highlightSelection', ({ color }) => session.highlightSelection(color));
    contentMessenger.onMessage('getDiagnostics', () => ({
      storageReads,
      ...session.counters(),
      uiMounted: !!mounted,
      startupMs,
      sectionTracking: tracker.stats(),
    }));

    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      const key = session.storageKey();
      if (area !== 'local') return;
      if (key in changes) session.reconcile((changes[key].newValue ?? null) as never);
      const settings = changes.settings?.newValue as { colorLabels?: Record<ColorId, string> } | undefined;
      if (settings?.colorLabels) session.setLabels(settings.colorLabels);
    };
    browser.storage.onChanged.addListener(onChanged);
    ctx.onInvalidated(() => browser.storage.onChanged.removeListener(onChanged));

    ctx.addEventListener(window, 'wxt:locationchange', () => {
      session.onLocationChange();
      tracker.locationChanged();
    });

    await session.load();
    startupMs = performance.now() - started;
  },
});
