/** Long enough for every browser to have started reading the blob before it is freed. */
const REVOKE_AFTER_MS = 10_000;

/**
 * Saves `content` as a file named `filename` by clicking a temporary `<a download>` that
 * points at a Blob object URL. The object URL is revoked a little later: revoking it in
 * the same task cancels the download in some browsers (Firefox).
 */
export function downloadFile(filename: string, content: string | Uint8Array, mime: string, doc: Document = document): void {
  const view = doc.defaultView;
  const BlobCtor = (view?.Blob ?? Blob) as typeof Blob;
  const urlApi = (view?.URL ?? URL) as typeof URL;
  const part: BlobPart = typeof content === 'string' ? content : (content.slice() as Uint8Array<ArrayBuffer>);
  const url = urlApi.createObjectURL(new BlobCtor([part], { type: mime }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  (doc.body ?? doc.documentElement).append(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => urlApi.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}
