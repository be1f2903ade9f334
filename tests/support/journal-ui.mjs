// Steps on Gloss's journal (popup, side panel / sidebar page) shared by the journeys, in
// the UI language the browser runs in: labels come from the catalogue of `lang`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './browser.mjs';

/**
 * The message `key` of the `lang` catalogue with `subs` substituted, as browser.i18n does
 * (named placeholders → `$1`…`$9` → substitutions). Throws on a missing key.
 */
export function messages(lang) {
  const cat = JSON.parse(readFileSync(path.join(ROOT, `public/_locales/${lang}/messages.json`), 'utf8'));
  return (key, ...subs) => {
    const e = cat[key];
    if (!e) throw new Error(`No message ${key} in the ${lang} catalogue`);
    const ph = Object.fromEntries(Object.entries(e.placeholders ?? {}).map(([k, v]) => [k.toLowerCase(), v.content]));
    return e.message
      .replace(/\$([A-Za-z0-9_@]+)\$/g, (_, n) => (ph[n.toLowerCase()] ?? '').replace(/\$(\d)/g, (__, i) => String(subs[i - 1] ?? '')))
      .replace(/\$\$/g, '$');
  };
}

/** Waits until the journal page (popup or panel form) has rendered the page's data. */
export async function journalReady(page) {
  await page.waitFor(() => document.documentElement.dataset.glossReady === '1', null, 'the journal rendered with data');
}

/** Opens the section headed `heading` (sections other than the one being read are one line). */
export async function openSection(page, heading) {
  const state = (h) => [...document.querySelectorAll('.section-toggle')].find((b) => b.textContent.trim() === h)?.getAttribute('aria-expanded') ?? null;
  const expanded = await page.evaluate(state, heading);
  if (expanded === null) throw new Error(`No section "${heading}" in the journal`);
  if (expanded !== 'true') await page.click({ role: 'button', name: heading, within: '.section-heading' });
  await page.waitFor(
    (h) => [...document.querySelectorAll('.section-toggle')].find((b) => b.textContent.trim() === h)?.getAttribute('aria-expanded') === 'true',
    heading,
    `the section "${heading}" open`,
  );
}

/** The reflection box of the section headed `heading`; "+ Reflect" opens it in a one-line section. */
export async function reflectionBox(page, heading, msg = messages('en')) {
  const box = { role: 'textbox', name: msg('journalReflectionOn', heading) };
  if (!(await page.exists(box))) await page.click({ role: 'button', name: msg('journalReflectOn', heading) });
  return box;
}

/** The first non-empty reflection text stored for the first page, or undefined. */
export async function storedReflection(d) {
  const [page] = await d.storedPages();
  return Object.values(page?.reflections ?? {}).find((r) => r.text)?.text;
}
