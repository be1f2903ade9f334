/**
 * The replication engine: PouchDB (CouchDB's replication protocol: revisions,
 * checkpoints, resumable batches), with the IndexedDB adapter for the local copy and
 * the HTTP adapter for the server. Built on first use only: with sync off none of this
 * runs.
 */
import PouchDB from 'pouchdb-core';
import idb from 'pouchdb-adapter-idb';
import http from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';

let built: PouchDB.Static | null = null;

/** PouchDB with the adapters Gloss uses (`idb` locally, `http` for the server). */
export function pouchWithAdapters(): PouchDB.Static {
  if (!built) built = PouchDB.plugin(idb).plugin(http).plugin(replication);
  return built;
}
