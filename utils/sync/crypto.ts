/**
 * End-to-end encryption of synced documents. Everything the server stores is produced
 * here: opaque ids (HMAC of what the document is about) and AES-GCM ciphertext. The key
 * comes from the reader's passphrase through PBKDF2-SHA-256; the salt and iteration count
 * travel in the clear in one key-check document, which proves a passphrase right or wrong
 * before anything is replicated.
 *
 * WebCrypto only (`crypto.subtle`), so the same code runs in a service worker, a
 * Firefox background page and Node's tests.
 */

import { t } from '../i18n';

/** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
export const PBKDF2_ITERATIONS = 600_000;

export interface SyncKeys {
  /** AES-GCM 256 key for document bodies. */
  enc: CryptoKey;
  /** HMAC-SHA-256 key for opaque document ids. */
  mac: CryptoKey;
}

/** Raw key material, as kept in local extension storage so a restart needs no passphrase. */
export interface RawKeys {
  enc: string;
  mac: string;
}

/** The one document the server keeps about the key: salt, iterations and a check value. */
export interface KeyCheckDoc {
  _id: typeof KEY_CHECK_ID;
  _rev?: string;
  kind: 'gloss-key-check';
  v: 1;
  salt: string;
  iterations: number;
  iv: string;
  ct: string;
}

export const KEY_CHECK_ID = 'gloss-key-check';
const KEY_CHECK_TEXT = 'gloss key check v1';

export class WrongPassphraseError extends Error {
  override name = 'WrongPassphraseError';
}

const enc = new TextEncoder();
const dec = new TextDecoder();

type Base64Native = { toBase64?: () => string };

export function toBase64(bytes: Uint8Array): string {
  // Native where the browser has it (Firefox 133+, Chromium 140+): a page document is
  // tens of kilobytes and this runs for every document sent.
  const native = bytes as unknown as Base64Native;
  if (typeof native.toBase64 === 'function') return native.toBase64();
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const from = (Uint8Array as unknown as { fromBase64?: (t: string) => Uint8Array<ArrayBuffer> }).fromBase64;
  if (typeof from === 'function') return from(text);
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n));
}

/**
 * Derives the two keys from the passphrase: PBKDF2 gives 512 bits, the first half keys
 * AES-GCM, the second half HMAC. Slow on purpose (hundreds of ms).
 */
export async function deriveRawKeys(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations = PBKDF2_ITERATIONS): Promise<RawKeys> {
  if (!passphrase) throw new Error(t('syncErrorNoPassphrase'));
  const base = await crypto.subtle.importKey('raw', enc.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, 512));
  return { enc: toBase64(bits.subarray(0, 32)), mac: toBase64(bits.subarray(32, 64)) };
}

/** Imports raw key material (from {@link deriveRawKeys} or local storage). */
export async function importKeys(raw: RawKeys): Promise<SyncKeys> {
  const [encKey, macKey] = await Promise.all([
    crypto.subtle.importKey('raw', fromBase64(raw.enc), 'AES-GCM', false, ['encrypt', 'decrypt']),
    crypto.subtle.importKey('raw', fromBase64(raw.mac), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
  ]);
  return { enc: encKey, mac: macKey };
}

/**
 * Opaque document id: HMAC of `name` (e.g. the page URL and highlight id), hex, 32 chars.
 * The same name gives the same id on every device with the same passphrase.
 */
export async function opaqueId(keys: SyncKeys, name: string): Promise<string> {
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', keys.mac, enc.encode(name)));
  let hex = '';
  for (const b of sig.subarray(0, 16)) hex += b.toString(16).padStart(2, '0');
  return `g${hex}`;
}

/**
 * Encrypts a JSON value. The document id is authenticated too (AES-GCM additional data),
 * so a server cannot move a body to another id unnoticed.
 *
 * The IV is synthetic: the first 96 bits of an HMAC (the id key, its own domain) of the id
 * and the text. Two devices that merge the same conflict the same way therefore write
 * byte-identical documents, hence the same CouchDB revision, instead of two new
 * revisions that conflict again (they resolved each other's resolutions for minutes).
 * An IV repeats only for the same id and the same text, i.e. the same ciphertext; what
 * the server learns is that two versions of one document are equal.
 */
export async function encryptJson(keys: SyncKeys, id: string, value: unknown): Promise<{ iv: string; ct: string }> {
  return encryptBytes(keys, id, enc.encode(JSON.stringify(value)));
}

/** Encrypts bytes as {@link encryptJson} does (synthetic IV from the id and the bytes). */
export async function encryptBytes(keys: SyncKeys, id: string, plain: Uint8Array<ArrayBuffer>): Promise<{ iv: string; ct: string }> {
  const idBytes = enc.encode(`gloss-iv\n${id}\n`);
  const input = new Uint8Array(idBytes.length + plain.length);
  input.set(idBytes);
  input.set(plain, idBytes.length);
  const iv = new Uint8Array(await crypto.subtle.sign('HMAC', keys.mac, input)).slice(0, 12);
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(id) }, keys.enc, plain);
  return { iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

/** Decrypts what {@link encryptJson} made; throws when the key or the id does not match. */
export async function decryptJson<T>(keys: SyncKeys, id: string, body: { iv: string; ct: string }): Promise<T> {
  return JSON.parse(dec.decode(await decryptBytes(keys, id, body))) as T;
}

/** Decrypts what {@link encryptBytes} made; throws when the key or the id does not match. */
export async function decryptBytes(keys: SyncKeys, id: string, body: { iv: string; ct: string }): Promise<Uint8Array<ArrayBuffer>> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(body.iv), additionalData: enc.encode(id) },
    keys.enc,
    fromBase64(body.ct),
  );
  return new Uint8Array(plain);
}

/** A new key-check document for a server that has none yet (the first device). */
export async function createKeyCheck(passphrase: string, iterations = PBKDF2_ITERATIONS): Promise<{ doc: KeyCheckDoc; raw: RawKeys }> {
  const salt = randomBytes(16);
  const raw = await deriveRawKeys(passphrase, salt, iterations);
  const sealed = await encryptJson(await importKeys(raw), KEY_CHECK_ID, KEY_CHECK_TEXT);
  return { doc: { _id: KEY_CHECK_ID, kind: 'gloss-key-check', v: 1, salt: toBase64(salt), iterations, ...sealed }, raw };
}

/**
 * Derives the keys for the server's key-check document and checks them.
 * Throws {@link WrongPassphraseError} when the passphrase is not the one it was made with.
 */
export async function unlockKeyCheck(doc: KeyCheckDoc, passphrase: string): Promise<RawKeys> {
  if (doc.kind !== 'gloss-key-check' || typeof doc.salt !== 'string' || !(doc.iterations >= 1)) {
    throw new Error(t('syncErrorNotGloss'));
  }
  const raw = await deriveRawKeys(passphrase, fromBase64(doc.salt), doc.iterations);
  let text: unknown;
  try {
    text = await decryptJson(await importKeys(raw), KEY_CHECK_ID, doc);
  } catch {
    text = null;
  }
  if (text !== KEY_CHECK_TEXT) {
    throw new WrongPassphraseError(t('syncErrorWrongPassphrase'));
  }
  return raw;
}
