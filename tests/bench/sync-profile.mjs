// Where the first sync's time goes: a CPU profile of the service worker (CDP Profiler)
// while device A sends its library to an empty server, printed as self time per function.
// Usage: node tests/bench/sync-profile.mjs [pages=300] [highlightsPerPage=20]
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { startCouch } from '../support/couch.mjs';
import { buildSyncVariant, importBenchLibrary, openOptions, syncLauncher, turnOnSync, waitSynced } from '../support/sync.mjs';

const PAGES = Number(process.argv[2] ?? 300);
const PER_PAGE = Number(process.argv[3] ?? 20);
const JOIN = process.env.JOIN === '1';

buildSyncVariant();
const { launch } = await syncLauncher();
const couch = await startCouch();
const cfg = { url: couch.url, database: 'prof', passphrase: 'bench-passphrase-123' };
const A = await launch({ extension: true, allowExtensionRequests: true });
const B = JOIN ? await launch({ extension: true, allowExtensionRequests: true }) : null;

async function profiler(device, page) {
  const cdp = await device.context.newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(device.extensionId));
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: sw.targetId, flatten: false });
  let id = 0;
  const replies = new Map();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    replies.get(m.id)?.(m);
  });
  const send = (method, params) =>
    new Promise((resolve) => {
      const n = ++id;
      replies.set(n, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: n, method, params }) });
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 500 });
  return {
    trace: async () => (await send('Runtime.evaluate', { expression: 'JSON.stringify(globalThis.__glossTrace ?? [])', returnByValue: true })).result.result.value,
    start: () => send('Profiler.start'),
    async stop() {
      const m = await send('Profiler.stop');
      return m.result.profile;
    },
  };
}

function summarise(profile, label) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  const counts = new Map();
  profile.samples.forEach((s, i) => counts.set(s, (counts.get(s) ?? 0) + (dt[i] ?? 0)));
  let total = 0;
  for (const [nid, us] of counts) {
    const n = byId.get(nid);
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  }
  const idle = [...self].filter(([k]) => k.startsWith("(idle)")).reduce((n, [, v]) => n + v, 0);
  console.log(`## ${label}: ${(total / 1000).toFixed(0)} ms sampled, ${((total - idle) / 1000).toFixed(0)} ms busy`);
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
}

try {
  console.log(`# load: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  const optA = await openOptions(A);
  await importBenchLibrary(optA, PAGES, PER_PAGE);
  const profA = await profiler(A, optA);
  if (!JOIN) await profA.start();
  const serverCpu = () => {
    const pid = execSync(`ps -eo pid,args | grep -- '-p ${couch.port}' | grep -v grep | awk '{print $1}'`).toString().trim().split('\n')[0];
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  };
  const browserCpu = (dev) => {
    const procs = execSync('ps -eo pid,ppid,args').toString().trim().split('\n').slice(1).map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/).slice(1));
    const roots = procs.filter((p) => p[2].includes(dev.userDataDir)).map((p) => p[0]);
    const all = new Set(roots);
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of procs) if (all.has(p[1]) && !all.has(p[0])) (all.add(p[0]), (grew = true));
    }
    let ms = 0;
    const by = (globalThis.cpuBy ??= new Map());
    for (const pid of all) {
      try {
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        const v = (Number(f[11]) + Number(f[12])) * 10;
        ms += v;
        const args = procs.find((p) => p[0] === pid)[2];
        const type = (args.match(/--type=(\S+)/)?.[1] ?? 'browser') + (args.match(/--utility-sub-type=(\S+)/)?.[1] ?? '') + ' ' + pid;
        by.set(type, v - (by.get(`${type}@0`) ?? 0));
        if (!by.has(`${type}@0`)) by.set(`${type}@0`, v);
      } catch {}
    }
    return ms;
  };
  globalThis.browserCpu = browserCpu;
  const cpu0 = serverCpu();
  const bcpu0 = browserCpu(A);
  const t0 = Date.now();
  await turnOnSync(optA, cfg);
  const watching = (async () => {
    let last = -1;
    while (Date.now() - t0 < 300000) {
      const info = await (await fetch(`${couch.url}/prof`)).json().catch(() => ({ doc_count: 0 }));
      if (info.doc_count !== last) console.log(`# ${Date.now() - t0} ms: server has ${info.doc_count} docs; status ${await optA.getByRole('status').textContent()}`);
      last = info.doc_count;
      if (info.doc_count >= PAGES * 2 + 1) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  await waitSynced(optA, 300000);
  await watching;
  console.log(`server cpu during first sync: ${serverCpu() - cpu0} ms; browser A cpu: ${browserCpu(A) - bcpu0} ms`);
  for (const [k, v] of globalThis.cpuBy) if (!k.includes('@') && v > 50) console.log(`  cpu ${k}: ${v} ms`);
  const expected = PAGES * 2 + 1;
  let last = -1;
  for (;;) {
    const info = await (await fetch(`${couch.url}/prof`)).json().catch(() => ({ doc_count: 0 }));
    if (info.doc_count !== last) console.log(`# ${Date.now() - t0} ms: server has ${info.doc_count} docs`);
    last = info.doc_count;
    if (info.doc_count >= expected) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log(`first sync: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(JSON.parse(await profA.trace()).join('\n'));
  if (!JOIN) summarise(await profA.stop(), 'A first sync');
  if (B) {
    const optB = await openOptions(B);
    const profB = await profiler(B, optB);
    await profB.start();
    const b0 = browserCpu(B);
    const t1 = Date.now();
    await turnOnSync(optB, cfg);
    await waitSynced(optB, 300000);
    console.log(`join: ${((Date.now() - t1) / 1000).toFixed(1)} s; browser B cpu: ${browserCpu(B) - b0} ms`);
    console.log(JSON.parse(await profB.trace()).join('\n'));
    summarise(await profB.stop(), 'B join');
  }
} finally {
  await A.close().catch(() => {});
  await B?.close().catch(() => {});
  await couch.close();
}
