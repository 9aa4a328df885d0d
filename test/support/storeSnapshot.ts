// Every row of every table of a SQLite store, in a stable order, so a test can prove that a
// rejected import left the store exactly as it was.
import Database from 'better-sqlite3';

export function snapshotStore(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as {
      name: string;
    }[];
    const snapshot: Record<string, unknown[]> = {};
    for (const { name } of tables) {
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
