// Every row of every table of a SQLite store, in a stable order, so a test can prove that a
// rejected import left the store exactly as it was.
import Database from 'better-sqlite3';

/**
 * What every import writes, whatever its outcome (the import log, and the data version that the
 * log's entry raises): left out unless asked for, so that "as it was" means the data.
 */
export const LOG_TABLES = new Set(['import_log', 'import_warning', 'data_version']);

export function snapshotStore(file: string, { withLog = false }: { withLog?: boolean } = {}): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as {
      name: string;
    }[];
    const snapshot: Record<string, unknown[]> = {};
    for (const { name } of tables) {
      if (!withLog && LOG_TABLES.has(name)) continue;
      const rows = db.prepare(`select * from "${name}"`).all() as Record<string, unknown>[];
      snapshot[name] = rows.map((row) => JSON.stringify(row)).sort();
    }
    return snapshot;
  } finally {
    db.close();
  }
}

export function rowCounts(file: string): Record<string, number> {
  return Object.fromEntries(Object.entries(snapshotStore(file)).map(([table, rows]) => [table, rows.length]));
}
