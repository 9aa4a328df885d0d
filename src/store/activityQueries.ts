// The queries behind portfolio questions: which activities match a filter, how many, and the
// money they carry, summed per currency and month so that conversion can happen once, outside SQL.
import { type ExpressionBuilder, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { ActivityFilter, GroupBy } from '../model/filter.js';
import type { Store } from './open.js';
import type { Tables } from './tables.js';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The WHERE clause of a filter, on the activity table aliased `a`. */
function whereFilter(filter: ActivityFilter) {
  return (eb: ExpressionBuilder<Tables & { a: Tables['activity'] }, 'a'>) => {
    const conditions = [];
    if (filter.ids) conditions.push(eb('a.id', 'in', filter.ids.length > 0 ? filter.ids : ['']));
    if (filter.countries?.length) {
      conditions.push(eb('a.id', 'in', eb.selectFrom('activity_country').select('activity_id').where('country', 'in', filter.countries)));
    }
    if (filter.financier) {
      conditions.push(
        eb.or([eb(eb.fn('lower', ['a.financier']), '=', filter.financier.toLowerCase()), eb('a.reporting_org_ref', '=', filter.financier)]),
      );
    }
    if (filter.sector) {
      const codes = eb.selectFrom('activity_sector').select('activity_id');
      conditions.push(
        eb(
          'a.id',
          'in',
          filter.sector.length === 3
            ? codes.where('code', 'like', `${escapeLike(filter.sector)}%`)
            : codes.where('code', '=', filter.sector),
        ),
      );
    }
    if (filter.status) conditions.push(eb('a.status', '=', filter.status));
    if (!filter.includeDropped && filter.status !== 'dropped') {
      conditions.push(eb.or([eb('a.status', 'is', null), eb('a.status', '!=', 'dropped')]));
    }
    if (filter.from) conditions.push(eb('a.approval_date', '>=', filter.from));
    if (filter.to) conditions.push(eb('a.approval_date', '<=', filter.to));
    if (filter.text) {
      const pattern = `%${escapeLike(filter.text.toLowerCase())}%`;
      conditions.push(
        eb.or([
          eb(eb.fn('lower', ['a.title']), 'like', sql<string>`${pattern} escape '\\'`),
          eb(eb.fn('lower', ['a.objective']), 'like', sql<string>`${pattern} escape '\\'`),
        ]),
      );
    }
    return eb.and(conditions);
  };
}

// Grouped queries join different tables per dimension, which Kysely's static types cannot follow.
// biome-ignore lint/suspicious/noExplicitAny: see above; the SQL is still built by Kysely.
type GroupedQuery = SelectQueryBuilder<any, any, object>;

interface Grouping {
  query: GroupedQuery;
  /** The group key and the share (0..1) of the activity that falls in the group. */
  key: RawBuilder<string>;
  share: RawBuilder<number>;
}

/** Filtered activities (`a`), with the expression that groups them and each activity's share in its group. */
function grouped(store: Store, filter: ActivityFilter, by: GroupBy | null): Grouping {
  const query = store.db.selectFrom('activity as a').where(whereFilter(filter));
  switch (by) {
    case 'country':
      return { query: query.innerJoin('activity_country as g', 'g.activity_id', 'a.id'), key: sql`g.country`, share: sql`g.share` };
    case 'sector':
      return { query: query.innerJoin('activity_sector as g', 'g.activity_id', 'a.id'), key: sql`g.code`, share: sql`g.share` };
    case 'financier':
      return { query, key: sql`a.financier`, share: sql`1` };
    case 'status':
      return { query, key: sql`coalesce(a.status, 'unknown')`, share: sql`1` };
    case 'year':
      return { query, key: sql`coalesce(substr(a.approval_date, 1, 4), 'unknown')`, share: sql`1` };
    default:
      return { query, key: sql`'all'`, share: sql`1` };
  }
}

export interface GroupCount {
  key: string;
  activities: number;
  active: number;
}

export async function countActivities(store: Store, filter: ActivityFilter, by: GroupBy | null): Promise<GroupCount[]> {
  const { query, key } = grouped(store, filter, by);
  const rows = await query
    .select([
      key.as('key'),
      sql<number>`count(distinct a.id)`.as('activities'),
      sql<number>`count(distinct case when a.status = 'active' then a.id end)`.as('active'),
    ])
    .groupBy(key)
    .execute();
  return rows.map((r) => ({ key: String(r.key), activities: Number(r.activities), active: Number(r.active) }));
}

export interface MoneySum {
  key: string;
  /** IATI TransactionType code. */
  type: string;
  currency: string | null;
  /** 'YYYY-MM' of the value date, or null when there is none. */
  month: string | null;
  /** Hundredths of the currency unit (weighted by the group share, so not always whole). */
  hundredths: number;
}

/** Transaction amounts of the given types, summed per group, type, currency and value month. */
export async function sumTransactions(store: Store, filter: ActivityFilter, by: GroupBy | null, types: string[]): Promise<MoneySum[]> {
  const { query, key, share } = grouped(store, filter, by);
  const rows = await query
    .innerJoin('money_flow as m', 'm.activity_id', 'a.id')
    .where('m.kind', '=', 'transaction')
    .where('m.type', 'in', types)
    .select([
      key.as('key'),
      'm.type as type',
      'm.currency as currency',
      sql<string | null>`substr(m.value_date, 1, 7)`.as('month'),
      sql<number>`sum(m.value_minor * ${share})`.as('hundredths'),
    ])
    .groupBy([key, 'm.type', 'm.currency', sql`substr(m.value_date, 1, 7)`])
    .execute();
  return rows.map((r) => ({
    key: String(r.key),
    type: String(r.type),
    currency: r.currency,
    month: r.month,
    hundredths: Number(r.hundredths),
  }));
}

export interface ActivityListRow {
  id: string;
  title: string | null;
  status: string | null;
  financier: string;
  approvalDate: string | null;
  closingDate: string | null;
  countries: string[];
}

export async function listActivities(
  store: Store,
  filter: ActivityFilter,
  page: { limit?: number; offset?: number } = {},
): Promise<ActivityListRow[]> {
  let query = store.db
    .selectFrom('activity as a')
    .where(whereFilter(filter))
    .select(['a.id', 'a.title', 'a.status', 'a.financier', 'a.approval_date', 'a.closing_date'])
    .orderBy('a.approval_date', 'desc')
    .orderBy('a.id');
  if (page.limit != null) query = query.limit(page.limit).offset(page.offset ?? 0);
  const rows = await query.execute();
  const countries = await countriesOf(
    store,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    financier: r.financier,
    approvalDate: r.approval_date,
    closingDate: r.closing_date,
    countries: countries.get(r.id) ?? [],
  }));
}

/** Recipient countries of each activity, sorted. */
async function countriesOf(store: Store, ids: string[]): Promise<Map<string, string[]>> {
  const byActivity = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += 10_000) {
    const rows = await store.db
      .selectFrom('activity_country')
      .select(['activity_id', 'country'])
      .where('activity_id', 'in', ids.slice(i, i + 10_000))
      .orderBy('country')
      .execute();
    for (const row of rows) byActivity.set(row.activity_id, [...(byActivity.get(row.activity_id) ?? []), row.country]);
  }
  return byActivity;
}

/** Transaction sums per activity (key = activity id) for the activities of a filter. */
export async function sumTransactionsByActivity(store: Store, filter: ActivityFilter, types: string[]): Promise<MoneySum[]> {
  const rows = await store.db
    .selectFrom('activity as a')
    .innerJoin('money_flow as m', 'm.activity_id', 'a.id')
    .where(whereFilter(filter))
    .where('m.kind', '=', 'transaction')
    .where('m.type', 'in', types)
    .select([
      'a.id as key',
      'm.type as type',
      'm.currency as currency',
      sql<string | null>`substr(m.value_date, 1, 7)`.as('month'),
      sql<number>`sum(m.value_minor)`.as('hundredths'),
    ])
    .groupBy(['a.id', 'm.type', 'm.currency', sql`substr(m.value_date, 1, 7)`])
    .execute();
  return rows.map((r) => ({ key: r.key, type: String(r.type), currency: r.currency, month: r.month, hundredths: Number(r.hundredths) }));
}

function activityWithSource(store: Store) {
  return store.db
    .selectFrom('activity as a')
    .leftJoin('source_file as f', 'f.sha256', 'a.source_file')
    .selectAll('a')
    .select('f.location as location');
}

export async function activityById(store: Store, id: string) {
  return activityWithSource(store).where('a.id', '=', id).executeTakeFirst();
}

/** The activity whose id ends with "-" + suffix, if exactly one does. */
export async function activityBySuffix(store: Store, suffix: string) {
  const rows = await activityWithSource(store)
    .where('a.id', 'like', `%-${escapeLike(suffix)}`)
    .limit(2)
    .execute();
  return rows.length === 1 ? rows[0] : undefined;
}
