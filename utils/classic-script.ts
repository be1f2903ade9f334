/**
 * Adds a classic script (an extension file built on its own, such as popup-export.js)
 * to `doc` once and resolves with what it leaves on the window, read by `pick`. Rejects
 * with `notLoaded` when the file cannot be loaded and `notStarted` when it ran without
 * leaving anything; a rejected load is tried again on the next call.
 */
export function classicScriptLoader<T>(
  src: string,
  pick: (win: Window) => T | undefined,
  errors: { notLoaded: () => string; notStarted: () => string },
): (doc?: Document) => Promise<T> {
  let loading: Promise<T> | null = null;
  return (doc = document) =>
    (loading ??= new Promise<T>((resolve, reject) => {
      const script = doc.createElement('script');
      script.src = src;
      script.onload = () => {
        const value = doc.defaultView ? pick(doc.defaultView) : undefined;
        if (value !== undefined) resolve(value);
        else reject(new Error(errors.notStarted()));
      };
      script.onerror = () => reject(new Error(errors.notLoaded()));
      doc.head.append(script);
    }).catch((err: Error) => {
      loading = null;
      throw err;
    }));
}
