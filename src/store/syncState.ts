// Where each live sync stands: the offset to resume from, and whether it last ran to the end.
import type { Store } from './open.js';

export interface SyncState {
  source: string;
  query: Record<string, unknown>;
  nextOffset: number;
  total: number | null;
  completedAt: string | null;
  updatedAt: string;
}

const keyOf = (source: string, query: Record<string, unknown>) => `${source} ${JSON.stringify(query)}`;

export async function loadSyncStates(store: Store): Promise<SyncState[]> {
  const rows = await store.db.selectFrom('sync_state').selectAll().orderBy('key').execute();
  return rows.map((r) => ({
    source: r.source,
    query: JSON.parse(r.query),
    nextOffset: r.next_offset,
    total: r.total,
    completedAt: r.completed_at,
    updatedAt: r.updated_at,
  }));
}

export async function saveSyncState(store: Store, state: Omit<SyncState, 'updatedAt'>): Promise<void> {
  const row = {
    key: keyOf(state.source, state.query),
    source: state.source,
    query: JSON.stringify(state.query),
    next_offset: state.nextOffset,
    total: state.total,
    completed_at: state.completedAt,
    updated_at: new Date().toISOString(),
  };
  await store.db
    .insertInto('sync_state')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ next_offset: row.next_offset, total: row.total, completed_at: row.completed_at, updated_at: row.updated_at }),
    )
    .execute();
}
