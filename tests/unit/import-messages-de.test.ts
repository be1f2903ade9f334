// The import's and the store's failure messages are worded through the catalogue: with a
// German browser the reader sees German around the JSON path, not English.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import de from '../../public/_locales/de/messages.json';
import { formatMessage } from '@/utils/i18n';
import { toJsonExport } from '@/utils/export/json';
import { parseImport } from '@/utils/import';
import { essayPage, plainPage } from '../fixtures/export/pages';

const NOW = new Date(Date.UTC(2026, 10, 25, 12));
const exportObject = () => JSON.parse(toJsonExport([essayPage(), plainPage()], { now: NOW, extensionVersion: '0.1.0' }));

function messageOf(input: object): string {
  try {
    parseImport(JSON.stringify(input));
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('parseImport accepted the input');
}

describe('import messages in German', () => {
  beforeEach(() => {
    fakeBrowser.i18n.getMessage = ((key: string, subs?: string | string[]) =>
      formatMessage(de, key, subs === undefined ? [] : Array.isArray(subs) ? subs : [subs])) as never;
    fakeBrowser.i18n.getUILanguage = () => 'de';
  });
  afterEach(() => fakeBrowser.reset());

  it('words a wrong colour, a missing field and a duplicate id in German', () => {
    const colour = exportObject();
    colour.pages[1].highlights[0].color = 'red';
    expect(messageOf(colour)).toBe('pages[1].highlights[0].color muss einer dieser Werte sein: yellow, green, blue, pink, purple (erhalten: "red")');

    const missing = exportObject();
    delete missing.pages[0].title;
    expect(messageOf(missing)).toBe('pages[0].title muss Text sein (erhalten: nichts)');

    const twice = exportObject();
    twice.pages[0].highlights[1].id = twice.pages[0].highlights[0].id;
    expect(messageOf(twice)).toMatch(/^pages\[0\]\.highlights\[1\]\.id ".+" ist auch die ID von pages\[0\]\.highlights\[0\]$/);
  });

  it('says a file of another kind is not a Gloss export, in German', () => {
    expect(messageOf({ format: 'something-else' })).toMatch(/^format muss "gloss-export" sein .*dies ist kein Gloss-Export$/);
  });
});
