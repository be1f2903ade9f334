/**
 * Connecting to the reader's server when sync is turned on: reach the database (creating
 * it when missing), then check the passphrase against its key-check document, or create
 * that document on the first device. Nothing is replicated before the passphrase is
 * known to be right, so a wrong one changes nothing anywhere.
 */
import { KEY_CHECK_ID, createKeyCheck, unlockKeyCheck, type KeyCheckDoc, type RawKeys } from './crypto';
import { describeSyncError } from './engine';
import type { SyncSetup } from './config';

export async function connectServer(
  PouchDB: PouchDB.Static,
  s: SyncSetup,
  opts: { iterations?: number } = {},
): Promise<{ keys: RawKeys; keyCheck: KeyCheckDoc }> {
  const auth = s.username ? { username: s.username, password: s.password } : undefined;
  const url = `${s.serverUrl}/${encodeURIComponent(s.database)}`;
  // skip_setup: false creates the database when it does not exist yet.
  const remote = new PouchDB(url, { adapter: 'http', skip_setup: false, auth });
  try {
    await remote.info();
  } catch (err) {
    throw new Error(describeSyncError(err, s.serverUrl));
  }
  let doc: KeyCheckDoc | null = null;
  try {
    doc = (await remote.get(KEY_CHECK_ID)) as unknown as KeyCheckDoc;
  } catch (err) {
    if ((err as { status?: number }).status !== 404) throw new Error(describeSyncError(err, s.serverUrl));
  }
  if (doc) return { keys: await unlockKeyCheck(doc, s.passphrase), keyCheck: doc };
  const made = await createKeyCheck(s.passphrase, opts.iterations);
  try {
    const res = await remote.put(made.doc as never);
    return { keys: made.raw, keyCheck: { ...made.doc, _rev: res.rev } };
  } catch (err) {
    if ((err as { status?: number }).status === 409) {
      // Another device set the passphrase a moment ago: check against theirs.
      const theirs = (await remote.get(KEY_CHECK_ID)) as unknown as KeyCheckDoc;
      return { keys: await unlockKeyCheck(theirs, s.passphrase), keyCheck: theirs };
    }
    throw new Error(describeSyncError(err, s.serverUrl));
  }
}
