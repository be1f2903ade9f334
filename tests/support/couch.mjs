// A real CouchDB-protocol server for sync tests and benchmarks: pouchdb-server (a
// devDependency; pure JS plus leveldown's shipped prebuilt binary, no native build),
// started on a free port in its own folder. In memory by default; with `persist` its
// data lives in that folder, so it survives stop() + start() (a server restart).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './browser.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitUp(url, timeout = 20000) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > end) throw new Error(`pouchdb-server did not start at ${url}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * Starts pouchdb-server. Returns { url, port, dir, start(), stop(), close(), dump(db) }:
 * stop() kills the process (as a server going away), start() brings it back on the same
 * port, close() stops it for good and removes its folder, dump(db) reads every document
 * and revision the server stores, as text.
 */
export async function startCouch({ persist = false, admin = null } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gloss-couch-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const bin = path.join(ROOT, 'node_modules/pouchdb-server/bin/pouchdb-server');
  let child = null;
  const start = async () => {
    const args = ['-p', String(port), '-o', '127.0.0.1', '-n', '-d', dir];
    if (!persist) args.push('--in-memory');
    child = spawn(process.execPath, [bin, ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      if (code && code !== 0 && code !== null) console.error(`pouchdb-server exited ${code}: ${err.slice(-500)}`);
    });
    await waitUp(url);
    if (admin) {
      await fetch(`${url}/_config/admins/${admin.username}`, { method: 'PUT', body: JSON.stringify(admin.password) });
    }
  };
  const stop = async () => {
    if (!child) return;
    const c = child;
    child = null;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await gone;
  };
  await start();
  return {
    url,
    port,
    dir,
    start,
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    /** Every stored document with all its revisions (and the changes feed), as one string. */
    async dump(db, auth) {
      const headers = auth ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } : {};
      const get = async (p) => (await fetch(`${url}/${db}${p}`, { headers })).text();
      const all = await get('/_all_docs?include_docs=true&conflicts=true');
      const changes = await get('/_changes?style=all_docs&include_docs=true');
      const ids = JSON.parse(all).rows.map((r) => r.id);
      const revs = [];
      // The server lists a document's leaf revisions (and a change's revisions) in no fixed
      // order: sorted here, so two dumps of the same data are the same string.
      const sorted = (list) => list.map((e) => JSON.stringify(e)).sort().join(',');
      for (const id of ids) {
        const leaves = JSON.parse(await get(`/${encodeURIComponent(id)}?open_revs=all&revs=true`));
        revs.push(Array.isArray(leaves) ? `[${sorted(leaves)}]` : JSON.stringify(leaves));
      }
      const feed = JSON.parse(changes);
      for (const r of feed.results ?? []) r.changes = JSON.parse(`[${sorted(r.changes ?? [])}]`);
      return [all, JSON.stringify(feed), ...revs].join('\n');
    },
  };
}
