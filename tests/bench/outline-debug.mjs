// Prints the detector's trace for one corpus page: node tests/bench/outline-debug.mjs <page>
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, SHARED_DIR } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';
import { build } from 'esbuild';

const name = process.argv[2];
const file = name.endsWith('.html') ? name : path.join(SHARED_DIR, 'corpus/readability', name, 'source.html');
const html = readFileSync(file, 'utf8').replace(/<script\b(?![^>]*ld\+json)[\s\S]*?<\/script\s*>/gi, '');
const src = (
  await build({
    stdin: { contents: "export { analyse } from './utils/outline/detect.ts';", resolveDir: process.cwd(), loader: 'ts' },
    bundle: true, format: 'iife', globalName: 'D', write: false,
  })
).outputFiles[0].text;
const server = await startServer({ routes: { '/p.html': { body: html } } });
const b = await launch();
await b.context.route('**/*', (r) => (new URL(r.request().url()).hostname === '127.0.0.1' ? r.continue() : r.abort()));
const page = b.context.pages()[0] ?? (await b.context.newPage());
await page.goto(server.url('/p.html'));
await page.evaluate(src + ';window.D=D;window.WARM=' + (process.env.WARM || 0) + ';');
const out = await page.evaluate(() => {
  for (let i = 0; i < (window.WARM || 0); i++) window.D.analyse(document);
  let trace = [];
  let r = window.D.analyse(document, trace);
  if (window.WARM) {
    // Average the phase times over many runs.
    const sums = new Map();
    for (let i = 0; i < 100; i++) {
      const t = [];
      r = window.D.analyse(document, t);
      for (const line of t) {
        const m = /^time (\S+) ([\d.]+)ms/.exec(line);
        if (m) sums.set(m[1], (sums.get(m[1]) ?? 0) + Number(m[2]));
      }
    }
    trace = trace.filter((l) => !l.startsWith('time ')).concat([...sums].map(([k, v]) => `time ${k} ${(v / 100).toFixed(3)}ms`));
  }
  return { trace, title: r.outline.title, sections: r.outline.sections.map((s) => `[${s.level}] ${s.heading}`) };
});
console.log(out.trace.join('\n'));
console.log('TITLE', out.title);
console.log(out.sections.join('\n'));
await b.close();
await server.close();
