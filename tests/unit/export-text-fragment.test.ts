import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeFragmentTerm, textFragmentUrl } from '../../utils/export/text-fragment';
import { downloadFile } from '../../utils/export/download';

describe('textFragmentUrl', () => {
  it('links a quote in full, percent-encoding the directive syntax', () => {
    expect(textFragmentUrl('https://e.org/a', { exact: 'cats, dogs & well-fed birds' })).toBe(
      'https://e.org/a#:~:text=cats%2C%20dogs%20%26%20well%2Dfed%20birds',
    );
    expect(encodeFragmentTerm("a-b,c&d (e) !'*")).toBe('a%2Db%2Cc%26d%20%28e%29%20%21%27%2A');
  });

  it('uses start,end for long quotes', () => {
    const exact = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen';
    expect(textFragmentUrl('https://e.org/a', { exact })).toBe('https://e.org/a#:~:text=one%20two%20three%20four,eleven%20twelve%20thirteen%20fourteen');
  });

  it('adds whole-word prefix and suffix to short quotes, dropping cut-off words', () => {
    expect(textFragmentUrl('https://e.org/a', { exact: 'the point', prefix: 'ith care, this is ', suffix: ' of it all, and' })).toBe(
      'https://e.org/a#:~:text=care%2C%20this%20is-,the%20point,-of%20it%20all%2C',
    );
  });

  it('keeps the page fragment, replaces an old directive, and survives lone surrogates', () => {
    expect(textFragmentUrl('https://e.org/a#sec', { exact: 'word' })).toBe('https://e.org/a#sec:~:text=word');
    expect(textFragmentUrl('https://e.org/a#:~:text=old', { exact: 'new' })).toBe('https://e.org/a#:~:text=new');
    expect(textFragmentUrl('https://e.org/a', { exact: 'bad \uD800 half' })).toBe('https://e.org/a#:~:text=bad%20%EF%BF%BD%20half');
    expect(textFragmentUrl('https://e.org/a', { exact: '   ' })).toBe('https://e.org/a');
  });
});

describe('downloadFile', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('clicks a temporary download link to a blob URL and revokes it afterwards', async () => {
    vi.useFakeTimers();
    const created: Blob[] = [];
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      created.push(b as Blob);
      return 'blob:gloss/1';
    });
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicks: Array<{ href: string; download: string }> = [];
    document.addEventListener(
      'click',
      (e) => {
        const a = e.target as HTMLAnchorElement;
        clicks.push({ href: a.getAttribute('href')!, download: a.download });
        e.preventDefault();
      },
      { once: true },
    );
    downloadFile('notes.md', '# hi', 'text/markdown', document);
    expect(create).toHaveBeenCalledTimes(1);
    expect(clicks).toEqual([{ href: 'blob:gloss/1', download: 'notes.md' }]);
    expect(created[0].type).toBe('text/markdown');
    expect(await created[0].text()).toBe('# hi');
    expect(document.querySelector('a[download]')).toBeNull();
    expect(revoke).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(revoke).toHaveBeenCalledWith('blob:gloss/1');
  });

  it('accepts bytes', async () => {
    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => (created.push(b as Blob), 'blob:gloss/2'));
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    document.addEventListener('click', (e) => e.preventDefault(), { once: true });
    downloadFile('notes.zip', new Uint8Array([80, 75, 3, 4]), 'application/zip', document);
    expect(new Uint8Array(await created[0].arrayBuffer())).toEqual(new Uint8Array([80, 75, 3, 4]));
  });
});
