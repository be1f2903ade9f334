/**
 * WXT stops an older copy of a content script when a newer copy announces itself with a
 * DOM event on `document` whose name holds the extension id (and, unless
 * `noScriptStartedPostMessage` is set, with a `postMessage` to the page). A page that
 * knows the id (a store listing shows it) could send that event itself and shut Gloss
 * down on the page. A newer copy of Gloss only starts once this copy's extension context
 * is gone (update, reload); while it is alive (`alive()`), such an event is forged and is
 * stopped before WXT's own listener on `document` sees it.
 */
export function ignoreForgedRestarts(
  win: Window,
  eventName: string,
  alive: () => boolean,
  signal: AbortSignal,
): void {
  win.addEventListener(
    eventName,
    (e) => {
      if (alive()) e.stopImmediatePropagation();
    },
    { capture: true, signal },
  );
}
