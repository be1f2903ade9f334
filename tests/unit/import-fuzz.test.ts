/**
 * Importer fuzz test (issue 6): generated malformed and hostile inputs, from a seeded
 * RNG so a failure can be replayed. Every "must fail" input has to throw ImportError
 * with a message; inputs that may or may not stay valid (random character edits) have to
 * either throw ImportError or return clean, re-exportable pages. Object.prototype must
 * stay untouched throughout.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createStore } from '../../utils/store/storage';
import { createWriter } from '../../utils/store/writer';
import { toJsonExport } from '../../utils/export/json';
import { toWebAnnotations } from '../../utils/export/web-annotation';
import { ImportError, parseImport } from '../../utils/export/import';
import type { PageRecord } from '../../utils/store/schema';
import { essayPage, hostilePage, plainPage } from '../fixtures/export/pages';

const NOW = new Date(Date.UTC(2026, 10, 25, 12));
const SEED = 0x5eed_61055;

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
const int = (n: number) => Math.floor(rand() * n);

function pagesForExport(): PageRecord[] {
  const h = hostilePage();
  h.url = 'https://hostile.example/page';
  // The hostile payloads without their 5,000-character filler: keeps 1,000+ parses quick.
  for (const hl of h.highlights) {
    hl.text = hl.text.replace(/a{100,}/, 'aaaa');
    hl.selectors.quote.exact = hl.text;
  }
  return [essayPage(), plainPage(), h];
}
const VALID_JSON = toJsonExport(pagesForExport(), { now: NOW, extensionVersion: '0.1.0' });
const VALID_LD = toWebAnnotations(pagesForExport(), { now: NOW, extensionVersion: '0.1.0' });

type Path = Array<string | number>;
type Json = unknown;

/** Every path to a value inside the document (not the root). */
function paths(value: Json, at: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([...at, i]), paths(v, [...at, i], out)));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([...at, k]);
      paths(v, [...at, k], out);
    }
  }
  return out;
}

function getAt(root: Json, path: Path): Json {
  return path.reduce<any>((v, k) => v[k], root);
}
function setAt(root: Json, path: Path, value: Json): void {
  (getAt(root, path.slice(0, -1)) as any)[path[path.length - 1]] = value;
}

/** Fields of the JSON export where null is a valid value. */
const NULLABLE = new Set(['outline', 'sectionId', 'sectionHeading', 'heading', 'sectionHash', 'sectionText']);

function kind(v: Json): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

const SAMPLES: Record<string, Json[]> = {
  null: [null],
  array: [[], [1, 2], [{}]],
  object: [{}, { a: 1 }],
  string: ['', 'text', '1', '<img src=x onerror=alert(1)>'],
  number: [0, -1, 1.5, 1e308, 42],
  boolean: [true, false],
};

/** A value of a JSON type the field does not accept (nullable fields accept null and their type). */
function wrongType(v: Json, key: string | number): Json {
  const k = String(key);
  const accepted = NULLABLE.has(k) ? ['null', k === 'outline' ? 'array' : 'string'] : [kind(v)];
  const types = Object.keys(SAMPLES).filter((t) => !accepted.includes(t));
  return pick(SAMPLES[pick(types)]);
}

interface Case {
  label: string;
  input: string;
}

function mustFailCases(): Case[] {
  const cases: Case[] = [];
  const base = JSON.parse(VALID_JSON);
  const allPaths = paths(base);
  // Keys whose absence is fine: a reflection entry (the record is keyed by section id).
  const deletable = allPaths.filter((p) => typeof p[p.length - 1] === 'string' && p[p.length - 2] !== 'reflections');

  // 1. Wrong types at random places (400).
  for (let i = 0; i < 400; i++) {
    const doc = JSON.parse(VALID_JSON);
    const p = pick(allPaths);
    setAt(doc, p, wrongType(getAt(doc, p), p[p.length - 1]));
    cases.push({ label: `wrong type at ${p.join('.')}`, input: JSON.stringify(doc) });
  }
  // 2. Missing fields (200).
  for (let i = 0; i < 200; i++) {
    const doc = JSON.parse(VALID_JSON);
    const p = pick(deletable);
    delete (getAt(doc, p.slice(0, -1)) as any)[p[p.length - 1]];
    cases.push({ label: `missing ${p.join('.')}`, input: JSON.stringify(doc) });
  }
  // 3. Huge strings (12).
  const stringPaths = allPaths.filter((p) => typeof getAt(base, p) === 'string');
  for (let i = 0; i < 12; i++) {
    const doc = JSON.parse(VALID_JSON);
    const p = pick(stringPaths);
    setAt(doc, p, 'y'.repeat(1024 * 1024 + 1 + int(1000)));
    cases.push({ label: `huge string at ${p.join('.')}`, input: JSON.stringify(doc) });
  }
  // 4. Deep nesting (60): bare, and inside a valid export.
  for (let i = 0; i < 30; i++) {
    const n = 25 + int(i < 25 ? 200 : 200_000);
    const input = i % 2 ? '['.repeat(n) + ']'.repeat(n) : '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    cases.push({ label: `nesting ${n}`, input });
  }
  for (let i = 0; i < 30; i++) {
    const doc = JSON.parse(VALID_JSON);
    let deep: Json = 'x';
    for (let d = 0; d < 30 + int(50); d++) deep = rand() < 0.5 ? [deep] : { k: deep };
    setAt(doc, pick(allPaths), deep);
    cases.push({ label: 'deep value in export', input: JSON.stringify(doc) });
  }
  // 5. Prototype keys inserted after a random "{" (240), in both formats.
  const PAYLOADS = [
    '"__proto__": {"polluted": "yes"}',
    '"constructor": {"prototype": {"polluted": "yes"}}',
    '"prototype": {"polluted": "yes"}',
    '"__proto__": []',
    '"__proto__": null',
  ];
  for (let i = 0; i < 240; i++) {
    const text = i % 2 ? VALID_JSON : VALID_LD;
    const braces = [...text.matchAll(/\{/g)].map((m) => m.index!);
    const at = pick(braces) + 1;
    cases.push({ label: 'prototype key', input: text.slice(0, at) + pick(PAYLOADS) + ',' + text.slice(at) });
  }
  // 6. Invalid URLs (100), in both formats.
  const BAD_URLS = ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'not a url', '', ' ', 'ftp://x.example/', 'chrome://settings', 'about:blank', 'http://', 'vbscript:msgbox', '//no-scheme.example', 'blob:https://x/1', 42, null];
  for (let i = 0; i < 50; i++) {
    const doc = JSON.parse(VALID_JSON);
    doc.pages[int(doc.pages.length)].url = pick(BAD_URLS);
    cases.push({ label: 'bad page url', input: JSON.stringify(doc) });
  }
  for (let i = 0; i < 50; i++) {
    const doc = JSON.parse(VALID_LD);
    const items = doc.first.items;
    if (i % 2) items[int(items.length)].target.source = pick(BAD_URLS);
    else doc['gloss:pages'][int(doc['gloss:pages'].length)].url = pick(BAD_URLS);
    cases.push({ label: 'bad annotation url', input: JSON.stringify(doc) });
  }
  // 7. Duplicate ids (100).
  for (let i = 0; i < 100; i++) {
    const doc = JSON.parse(i % 4 === 3 ? VALID_LD : VALID_JSON);
    if (i % 4 === 0) {
      const p = doc.pages[0];
      p.highlights.splice(int(p.highlights.length + 1), 0, { ...pick(p.highlights) as object });
    } else if (i % 4 === 1) doc.pages.splice(int(doc.pages.length + 1), 0, JSON.parse(JSON.stringify(pick(doc.pages))));
    else if (i % 4 === 2) {
      const o = doc.pages[0].outline;
      o.splice(int(o.length + 1), 0, { ...pick(o) as object, level: 2 });
    } else doc.first.items.splice(int(doc.first.items.length + 1), 0, pick(doc.first.items));
    cases.push({ label: `duplicate ${i % 4}`, input: JSON.stringify(doc) });
  }
  // 8. Unknown formats and versions (100).
  const VERSIONS = [0, -1, 2, 3, 999, 1.5, '1', null, true, [], {}];
  const FORMATS = ['gloss', 'Gloss-export', '', 'gloss-export ', 42, null, 'gloss-web-annotation'];
  for (let i = 0; i < 100; i++) {
    const doc = JSON.parse(i % 5 === 4 ? VALID_LD : VALID_JSON);
    if (i % 5 === 0) doc.formatVersion = pick(VERSIONS);
    else if (i % 5 === 1) doc.schemaVersion = pick(VERSIONS.filter((v) => v !== 1 && v !== 2));
    else if (i % 5 === 2) doc.format = pick(FORMATS);
    else if (i % 5 === 3) delete doc.format;
    else doc['gloss:formatVersion'] = pick(VERSIONS);
    cases.push({ label: `version/format ${i % 5}`, input: JSON.stringify(doc) });
  }
  // 9. Truncated JSON (300), both formats, cut anywhere before the final brace.
  for (let i = 0; i < 300; i++) {
    const text = i % 3 ? VALID_JSON : VALID_LD;
    cases.push({ label: 'truncated', input: text.slice(0, int(text.trimEnd().length - 1)) });
  }
  // 10. Roots that are not an export at all (40).
  const ROOTS = ['null', 'true', '0', '"gloss-export"', '[]', '{}', '[1,2]', '[null]', '[{}]', '{"format":"gloss-export"}', 'undefined', 'NaN', "{'a':1}", '\u0000', '{"a":1,}'];
  for (let i = 0; i < 40; i++) cases.push({ label: 'foreign root', input: pick(ROOTS) });
  return cases;
}

/** Problems in a returned value: foreign prototypes, prototype keys, non-JSON values. */
function uncleanPaths(value: unknown, path = 'pages', out: string[] = []): string[] {
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) out.push(path);
    value.forEach((v, i) => uncleanPaths(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    if (Object.getPrototypeOf(value) !== Object.prototype) out.push(path);
    for (const key of Object.keys(value)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') out.push(`${path}.${key}`);
      uncleanPaths((value as Record<string, unknown>)[key], `${path}.${key}`, out);
    }
  } else if (!(['string', 'number', 'boolean'].includes(typeof value) || value === null)) out.push(path);
  return out;
}

function expectPristinePrototypes(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_NAMES);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
}
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

describe('parseImport fuzz', () => {
  afterAll(expectPristinePrototypes);

  const cases = mustFailCases();

  it(`generates at least 1,000 must-fail inputs (seed ${SEED.toString(16)})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(1000);
  });

  it('throws ImportError with a message for every must-fail input', { timeout: 60_000 }, () => {
    const failures: string[] = [];
    for (const c of cases) {
      try {
        parseImport(c.input);
        failures.push(`accepted: ${c.label}`);
      } catch (err) {
        if (!(err instanceof ImportError)) failures.push(`${(err as Error)?.name} for ${c.label}: ${(err as Error)?.message}`);
        else if (!err.message.trim()) failures.push(`empty message for ${c.label}`);
      }
    }
    expect(failures).toEqual([]);
    expectPristinePrototypes();
  });

  it('the writer itself refuses pages that are not valid records, leaving storage byte-identical', async () => {
    // parseImport throws before the writer runs, so the check below cannot tell whether
    // the writer would store bad data: here bad pages reach the writer directly.
    const store = createStore(fakeBrowser.storage.local);
    const writer = createWriter(store);
    await writer.importPages(parseImport(VALID_JSON).pages);
    const before = JSON.stringify(await fakeBrowser.storage.local.get(null));
    const good = parseImport(VALID_JSON).pages[0];
    const bad = [
      { ...good, highlights: [{ ...good.highlights[0], color: 'red' }] },
      { ...good, url: 42 },
      { ...good, reflections: { a: { text: 1 } } },
      { ...good, highlights: 'not a list' },
    ];
    for (const page of bad) {
      await expect(writer.importPages([good, page as never])).rejects.toThrow(/must/);
    }
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).toBe(before);
  });

  it('every must-fail input, sent through the import path the background uses, leaves storage byte-identical', { timeout: 120_000 }, async () => {
    const store = createStore(fakeBrowser.storage.local);
    const writer = createWriter(store);
    await writer.importPages(parseImport(VALID_JSON).pages);
    const before = JSON.stringify(await fakeBrowser.storage.local.get(null));
    let refused = 0;
    for (const c of cases) {
      // The background's importFile handler: parse (throws before any write), then merge.
      await Promise.resolve()
        .then(() => writer.importPages(parseImport(c.input).pages))
        .then(
        () => expect.fail(`accepted: ${c.label}`),
        (err) => {
          expect(err).toBeInstanceOf(ImportError);
          refused++;
        },
      );
    }
    expect(refused).toBe(cases.length);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).toBe(before);
  });

  it('random character edits either throw ImportError or give clean, re-exportable pages', { timeout: 60_000 }, () => {
    const CHARS = ['"', '{', '}', '[', ']', ',', ':', '\\', '0', '9', '-', 'e', 'x', ' ', '\u0000', '\uD800', 'null', 'true', '__proto__'];
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 600; i++) {
      const text = i % 2 ? VALID_JSON : VALID_LD;
      let out = text;
      for (let n = 1 + int(3); n > 0; n--) {
        const at = int(out.length);
        const op = int(3);
        const ch = pick(CHARS);
        out = op === 0 ? out.slice(0, at) + ch + out.slice(at + 1) : op === 1 ? out.slice(0, at) + ch + out.slice(at) : out.slice(0, at) + out.slice(at + 1);
      }
      let result;
      try {
        result = parseImport(out);
      } catch (err) {
        expect(err, `edit ${i}`).toBeInstanceOf(ImportError);
        expect((err as Error).message.length).toBeGreaterThan(0);
        refused++;
        continue;
      }
      accepted++;
      expect(uncleanPaths(result.pages)).toEqual([]);
      // Clean data survives our own export and import unchanged.
      expect(parseImport(toJsonExport(result.pages, { now: NOW, extensionVersion: 'x' })).pages).toEqual(result.pages);
    }
    console.log(`fuzz: ${cases.length} must-fail inputs refused; ${refused} of 600 random edits refused, ${accepted} accepted as clean data`);
    // Both branches must have run: the clean-data checks above only mean something if
    // some edits were accepted, and the refusals only if some were refused.
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(100);
    expectPristinePrototypes();
  });
});
