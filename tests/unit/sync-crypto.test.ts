import { describe, expect, it } from 'vitest';
import {
  PBKDF2_ITERATIONS,
  WrongPassphraseError,
  createKeyCheck,
  decryptJson,
  deriveRawKeys,
  encryptJson,
  importKeys,
  opaqueId,
  unlockKeyCheck,
} from '@/utils/sync/crypto';

// Few iterations keep the tests fast; the product uses PBKDF2_ITERATIONS.
const FAST = 1000;
const salt = new Uint8Array(16).fill(7);

describe('sync encryption', () => {
  it('uses a strong PBKDF2 iteration count by default', async () => {
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const { doc } = await createKeyCheck('a long passphrase', FAST);
    expect(doc.iterations).toBe(FAST);
    expect((await createKeyCheck('a long passphrase')).doc.iterations).toBe(PBKDF2_ITERATIONS);
  });

  it('round-trips a document and the ciphertext carries none of the text', async () => {
    const keys = await importKeys(await deriveRawKeys('correct horse', salt, FAST));
    const value = { url: 'https://example.org/essay', note: 'my private note' };
    const sealed = await encryptJson(keys, 'g1', value);
    expect(JSON.stringify(sealed)).not.toContain('private');
    expect(JSON.stringify(sealed)).not.toContain('example.org');
    expect(await decryptJson(keys, 'g1', sealed)).toEqual(value);
    // A synthetic IV (keyed hash of id and text): the same value at the same id gives the
    // same ciphertext, so two devices that merge alike write the same revision; any other
    // value or id gets another IV (an IV is never reused for different plaintexts).
    expect(await encryptJson(keys, 'g1', value)).toEqual(sealed);
    const other = await encryptJson(keys, 'g1', { ...value, note: 'my private note.' });
    expect(other.iv).not.toBe(sealed.iv);
    expect((await encryptJson(keys, 'g2', value)).iv).not.toBe(sealed.iv);
  });

  it('refuses a wrong key and a body moved to another id', async () => {
    const keys = await importKeys(await deriveRawKeys('correct horse', salt, FAST));
    const other = await importKeys(await deriveRawKeys('wrong horse', salt, FAST));
    const sealed = await encryptJson(keys, 'g1', { a: 1 });
    await expect(decryptJson(other, 'g1', sealed)).rejects.toThrow();
    await expect(decryptJson(keys, 'g2', sealed)).rejects.toThrow();
  });

  it('makes opaque ids that are stable per passphrase and reveal nothing', async () => {
    const a = await importKeys(await deriveRawKeys('correct horse', salt, FAST));
    const b = await importKeys(await deriveRawKeys('another one', salt, FAST));
    const name = 'hl\nhttps://example.org/essay\nh1';
    const id = await opaqueId(a, name);
    expect(id).toMatch(/^g[0-9a-f]{32}$/);
    expect(await opaqueId(a, name)).toBe(id);
    expect(await opaqueId(b, name)).not.toBe(id);
    expect(await opaqueId(a, `${name}x`)).not.toBe(id);
  });

  it('the key check accepts the right passphrase and rejects a wrong one with a clear error', async () => {
    const { doc, raw } = await createKeyCheck('correct horse battery', FAST);
    expect(await unlockKeyCheck(doc, 'correct horse battery')).toEqual(raw);
    const wrong = unlockKeyCheck(doc, 'correct horse batterY');
    await expect(wrong).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(unlockKeyCheck(doc, 'nope nope nope')).rejects.toThrow(/Wrong passphrase.*Nothing was changed/);
  });
});
