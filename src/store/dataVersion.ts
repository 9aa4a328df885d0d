// A number that every write transaction raises (imports, syncs, codelist and rate updates), so a
// reader can tell in one tiny query whether anything it answered before may have changed: the HTTP
// API keeps answers per version (api/answerCache.ts). Kept in the store, not in a process, so every
// process on one database sees every other's writes.
import type { Kysely, Transaction } from 'kysely';
import type { Store } from './open.js';
import type { Tables } from './tables.js';

/** Raises the version inside a write transaction; call it last, so the row is locked only briefly. */
export async function raiseDataVersion(trx: Transaction<Tables> | Kysely<Tables>): Promise<void> {
  await trx
    .updateTable('data_version')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}

export async function dataVersion(store: Store): Promise<number> {
  const row = await store.db.selectFrom('data_version').select('version').where('id', '=', 1).executeTakeFirst();
  return Number(row?.version ?? 0);
}
