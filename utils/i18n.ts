/**
 * One home for user-facing text. Every UI string is a key of
 * `public/_locales/en/messages.json` (German in `de/`), read through `browser.i18n`, which
 * picks the browser's UI language. Numbers and dates go through `Intl` in that language.
 *
 * Messages use named placeholders whose content is `$1`…`$9` (the form both Chrome and
 * Firefox accept), e.g. `"message": "$COUNT$ highlights", "placeholders": {"count":
 * {"content": "$1"}}`.
 */
import { browser } from 'wxt/browser';
import type enMessages from '../public/_locales/en/messages.json';

/** A message key: exists in the English catalogue (typechecked). */
export type MessageKey = keyof typeof enMessages;
export type Substitution = string | number;
export type Translate = (key: MessageKey, ...subs: Substitution[]) => string;

/** The catalogue's shape: what `messages.json` holds. */
export type Catalogue = Record<string, { message: string; description?: string; placeholders?: Record<string, { content: string }> }>;

/**
 * Formats a catalogue entry as `browser.i18n.getMessage` does: named placeholders replaced
 * by their content, `$1`…`$9` in that content by the substitutions, `$$` by `$`.
 * Returns '' for a key the catalogue lacks (as the browser does).
 */
export function formatMessage(catalogue: Catalogue, key: string, subs: readonly string[] = []): string {
  const entry = catalogue[key] ?? catalogue[Object.keys(catalogue).find((k) => k.toLowerCase() === key.toLowerCase()) ?? ''];
  if (!entry) return '';
  const placeholders = Object.fromEntries(
    Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]),
  );
  const positional = (s: string) => s.replace(/\$(\d)/g, (_, d: string) => subs[Number(d) - 1] ?? '');
  return entry.message
    .replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
      const content = placeholders[name.toLowerCase()];
      return content === undefined ? whole : positional(content);
    })
    .replace(/\$\$/g, '$');
}

/**
 * Builds `t()` over a message source (the browser's, or a catalogue in tests). Each text
 * is remembered: a content script whose copy of Gloss was stopped (update, reload) loses
 * browser.i18n, and the on-page card it still shows must keep its words, not throw.
 */
export function createTranslator(getMessage: (key: string, subs: string[]) => string): Translate {
  const seen = new Map<string, string>();
  return (key, ...subs) => {
    const strings = subs.map(String);
    const id = [key, ...strings].join('\u0000');
    let text: string;
    try {
      text = getMessage(key, strings);
    } catch {
      return seen.get(id) ?? key;
    }
    // A missing key is a bug, but the reader should still see something meaningful.
    if (!text) return key;
    if (seen.size < 2000) seen.set(id, text);
    return text;
  };
}

/** Translates with the browser's UI language. */
export const t: Translate = createTranslator((key, subs) => browser.i18n.getMessage(key as never, subs));

/** The browser's UI language (BCP 47), for `Intl`. */
export function uiLocale(): string {
  try {
    return browser.i18n.getUILanguage() || 'en';
  } catch {
    // Not an extension context (unit tests, benchmarks): the default locale.
    return 'en';
  }
}

/** One formatter per locale: making one costs far more than using it (the journal formats a count per section). */
const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number in the UI language (`1,234` / `1.234`). */
export function formatNumber(n: number, locale = uiLocale()): string {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(n);
}

/** A date and time in the UI language, medium date + short time. */
export function formatDateTime(date: Date | number, locale = uiLocale()): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A date in the UI language, medium style. */
export function formatDate(date: Date | number, locale = uiLocale()): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}

/** One plural rule set per locale, for the same reason (a count per section in the journal). */
const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * A counted phrase in the UI language: `one` when the language's plural rules say the
 * number is singular ("1 Seite"), `other` otherwise; both messages take the formatted
 * number as their first placeholder (`$COUNT$`), then `subs`. browser.i18n has no
 * plurals, so each counted phrase is two keys.
 */
export function tCount(n: number, one: MessageKey, other: MessageKey, ...subs: Substitution[]): string {
  const locale = uiLocale();
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  const rule = rules.select(n);
  return t(rule === 'one' ? one : other, formatNumber(n, locale), ...subs);
}
