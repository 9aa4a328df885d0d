// Reference data: IATI codelists and exchange rates. Each update replaces the whole set in one transaction.
import { sql } from 'kysely';
import type { CodelistEntry } from '../model/codelist.js';
import type { ExchangeRate } from '../model/exchangeRate.js';
import { raiseDataVersion } from './dataVersion.js';
import { likePattern } from './like.js';
import type { Store } from './open.js';

const CHUNK = 4000;

export async function replaceCodelists(store: Store, entries: CodelistEntry[]): Promise<void> {
  const lists = [...new Set(entries.map((e) => e.list))];
  await store.db.transaction().execute(async (trx) => {
    if (lists.length > 0) await trx.deleteFrom('codelist').where('list', 'in', lists).execute();
    for (let i = 0; i < entries.length; i += CHUNK) {
      const rows = entries
        .slice(i, i + CHUNK)
        .map((e) => ({ list: e.list, code: e.code, name: e.name, category: e.category, withdrawn: e.withdrawn ? 1 : 0 }));
      await trx.insertInto('codelist').values(rows).execute();
    }
    await raiseDataVersion(trx);
  });
}

export async function loadCodelists(store: Store): Promise<CodelistEntry[]> {
  const rows = await store.db.selectFrom('codelist').selectAll().execute();
  return rows.map((r) => ({ list: r.list, code: r.code, name: r.name, category: r.category, withdrawn: Boolean(r.withdrawn) }));
}

/** Adds or replaces rates (by currency, frequency and period); returns how many were written. */
export async function saveExchangeRates(store: Store, rates: AsyncIterable<ExchangeRate> | Iterable<ExchangeRate>): Promise<number> {
  let written = 0;
  await store.db.transaction().execute(async (trx) => {
    let batch: ExchangeRate[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await trx
        .insertInto('exchange_rate')
        .values(
          lastOfEachKey(batch).map((r) => ({
            currency: r.currency,
            frequency: r.frequency,
            period: r.period,
            units_per_usd: r.unitsPerUsd,
            source: r.source,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['currency', 'frequency', 'period']).doUpdateSet((eb) => ({
            units_per_usd: eb.ref('excluded.units_per_usd'),
            source: eb.ref('excluded.source'),
          })),
        )
        .execute();
      written += batch.length;
      batch = [];
    };
    for await (const rate of rates) {
      batch.push(rate);
      if (batch.length >= CHUNK) await flush();
    }
    await flush();
    await raiseDataVersion(trx);
  });
  return written;
}

/**
 * The last rate given for each currency, frequency and period, in the order given. PostgreSQL
 * refuses an insert that updates one row twice; SQLite keeps the last, and so does this.
 */
function lastOfEachKey(rates: ExchangeRate[]): ExchangeRate[] {
  const byKey = new Map<string, ExchangeRate>();
  for (const rate of rates) {
    const key = `${rate.currency}|${rate.frequency}|${rate.period}`;
    byKey.delete(key);
    byKey.set(key, rate);
  }
  return [...byKey.values()];
}

export async function loadExchangeRates(store: Store): Promise<ExchangeRate[]> {
  const rows = await store.db.selectFrom('exchange_rate').selectAll().execute();
  return rows.map((r) => ({
    currency: r.currency,
    frequency: r.frequency as 'M' | 'A',
    period: r.period,
    unitsPerUsd: r.units_per_usd,
    source: r.source,
  }));
}

export interface StoreCounts {
  activities: number;
  files: number;
  organisations: number;
  codes: number;
  exchangeRates: number;
}

export async function storeCounts(store: Store): Promise<StoreCounts> {
  const count = async (table: 'activity' | 'source_file' | 'organisation' | 'codelist' | 'exchange_rate') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    activities: await count('activity'),
    files: await count('source_file'),
    organisations: await count('organisation'),
    codes: await count('codelist'),
    exchangeRates: await count('exchange_rate'),
  };
}

/**
 * The files imported whose location starts with `prefix` (the first-start snapshot's files are
 * stored as "snapshot of DATE (…)"), in the order they were imported.
 */
export async function sourceFilesNamed(store: Store, prefix: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('source_file')
    .select('location')
    .where('location', 'like', likePattern('', prefix, '%'))
    .orderBy('imported_at')
    .execute();
  return rows.map((row) => row.location);
}

/**
 * A fingerprint of the reference data: it changes whenever codelists or rates are updated, so
 * that readers can keep them in memory between questions and reload only after a change.
 */
export async function referenceVersion(store: Store): Promise<string> {
  const { rows } = await sql<{ codes: number; rates: number; total: number }>`
    select (select count(*) from codelist) as codes, (select count(*) from exchange_rate) as rates,
           (select coalesce(sum(units_per_usd), 0) from exchange_rate) as total`.execute(store.db);
  const row = rows[0];
  return `${row?.codes}/${row?.rates}/${row?.total}`;
}
