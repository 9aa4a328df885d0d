// Every row of every table of a PostgreSQL store, in a stable order: the PostgreSQL twin of
// storeSnapshot.ts, so a test can prove that a rejected import left the database as it was.
import pg from 'pg';
import { LOG_TABLES } from './storeSnapshot.js';

export async function snapshotPostgres(url: string, { withLog = false }: { withLog?: boolean } = {}): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1",
    );
    const snapshot: Record<string, unknown[]> = {};
    for (const { name } of tables.rows) {
      if (!withLog && LOG_TABLES.has(name)) continue;
      const rows = await client.query(`select * from ${client.escapeIdentifier(name)}`);
      snapshot[name] = rows.rows.map((row) => JSON.stringify(row)).sort();
    }
    return snapshot;
  } finally {
    await client.end();
  }
}
