// Minimal static HTTP server on 127.0.0.1 for test pages. Serves files from a
// map of routes (path -> file path or { body, type }) and falls back to a root dir.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Starts a server. `routes` maps URL paths to { file } or { body, type }, either with
 * optional extra response `headers`;
 * `root`, if given, serves any other path from that directory.
 * Returns { origin, url(p), setRoute(p, spec), close() }.
 */
export async function startServer({ routes = {}, root } = {}) {
  const table = new Map(Object.entries(routes));
  const server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    try {
      let spec = table.get(pathname);
      if (!spec && root) {
        const file = path.join(root, pathname);
        if (!file.startsWith(path.resolve(root))) throw new Error('outside root');
        spec = { file };
      }
      if (!spec) {
        res.writeHead(404).end('not found');
        return;
      }
      const body = spec.body ?? (await readFile(spec.file));
      const type =
        spec.type ?? (spec.file ? TYPES[path.extname(spec.file)] : TYPES['.html']) ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...spec.headers }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (p) => origin + p,
    setRoute: (p, spec) => table.set(p, spec),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
