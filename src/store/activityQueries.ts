// The queries behind portfolio questions: which activities match a filter, how many, and the
// money they carry, summed per currency and month so that conversion can happen once, outside SQL.
import { type ExpressionBuilder, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Measure } from '../model/activityFacts.js';
import type { StatusDifference } from '../model/answers.js';
import type { ActivityFilter, GroupBy } from '../model/filter.js';
import { refsOfFinancierAlias } from '../model/financierAliases.js';
import { hasWords, isExplicit, membershipRules, type Programme, type ProgrammeRule, partRules } from '../model/programme.js';
import { NO_SECTOR_KEY, type SectorVocabulary } from '../model/sectorVocabularies.js';
import { statusDay } from '../model/status.js';
import { type RelevanceCut, relevance, storeDialect, textMatches } from './fullText.js';
import { likePattern } from './like.js';
import type { StoreDialect } from './migrations.js';
import type { Store } from './open.js';
import type { Tables } from './tables.js';

/** A financier given by name (any case), organisation ref or alias (IBRD, IDA), on a table with financier columns. */
// biome-ignore lint/suspicious/noExplicitAny: applies to activity_financier and money_flow alike
function financierMatches(eb: ExpressionBuilder<any, any>, table: 'af' | 'm', financier: string) {
  const refs = [financier, ...refsOfFinancierAlias(financier)];
  return eb.or([eb(eb.fn('lower', [`${table}.financier`]), '=', financier.toLowerCase()), eb(`${table}.financier_ref`, 'in', refs)]);
}

type ActivityExpressions = ExpressionBuilder<Tables & { a: Tables['activity'] }, 'a'>;

/**
 * A project's status on the filter's day (model/status.ts statusOnDay, the same rule in SQL): a
 * project that went ahead is closed once its closing date has passed or once its source said so
 * (as of the source's own date), else active; other statuses as the source gives them. With
 * `sourceStatus`, the status as the source publishes it.
 */
export function statusExpression(filter: ActivityFilter): RawBuilder<string | null> {
  if (filter.sourceStatus) return sql`a.status`;
  const day = statusDay(filter);
  return sql`case when a.status in ('active', 'closed') then (case when a.closing_date <= ${day} or (a.status = 'closed' and a.status_date <= ${day}) then 'closed' else 'active' end) else a.status end`;
}

/** Activities with a sector whose code is the given DAC code, or starts with the given 3-digit category. */
function withSector(eb: ActivityExpressions, code: string) {
  const codes = eb.selectFrom('activity_sector').select('activity_id');
  // A category is a range of codes ('210' up to, not including, '211'): unlike LIKE with an escape, the index finds it.
  const next = code.length === 3 && /^\d{3}$/.test(code) ? String(Number(code) + 1).padStart(3, '0') : null;
  return eb(
    'a.id',
    'in',
    next
      ? codes.where('code', '>=', code).where('code', '<', next)
      : code.length === 3
        ? codes.where('code', 'like', likePattern('', code, '%'))
        : codes.where('code', '=', code),
  );
}

function withFinancier(eb: ActivityExpressions, financier: string) {
  return eb(
    'a.id',
    'in',
    eb
      .selectFrom('activity_financier as af')
      .select('af.activity_id')
      .where((inner) => financierMatches(inner, 'af', financier)),
  );
}

/** Lower-case ASCII letters, as lower() gives on both stores (SQLite's and PostgreSQL's "C" collation). */
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Punctuation that separates words in place names ("Xinjiang Uygur Zizhiqu", "Urumqi-Kuitun"). */
const NAME_PUNCTUATION = [',', '-', '(', ')', '/', '.', ':', ';', '&', "'", '"', '_', '+'];

/**
 * Whether a name column holds `words` as whole words, in that order (any case, not stemmed): the
 * column and the words are each made "space, words, space" and compared with LIKE, the same SQL on
 * both stores. For location names, which are too many to match one by one outside SQL as sector
 * names are (see queryContext).
 */
function nameHasWords(column: RawBuilder<unknown>, words: string): RawBuilder<boolean> {
  const wanted = asciiLower(words).match(/[\p{L}\p{N}]+/gu);
  if (!wanted) return sql<boolean>`1 = 0`;
  let spaced: RawBuilder<unknown> = sql`lower(${column})`;
  for (const mark of NAME_PUNCTUATION) spaced = sql`replace(${spaced}, ${sql.lit(mark)}, ' ')`;
  // Punctuation next to a space leaves two: twice "two spaces to one" joins up to four.
  spaced = sql`replace(replace(${spaced}, '  ', ' '), '  ', ' ')`;
  // The plain LIKE first: it rules out nearly every name at a fraction of the cost of the replacements.
  return sql<boolean>`(lower(${column}) like ${likePattern('%', wanted.join(' ').split(' ')[0] ?? '', '%')} and (' ' || ${spaced} || ' ') like ${likePattern('% ', wanted.join(' '), ' %')})`;
}

/**
 * What a filter's SQL needs beyond the filter: the store's dialect, and the sector names that a
 * programme's sectorContains rules pick (names are few: matched here once, then found by index).
 */
interface QueryContext {
  dialect: StoreDialect;
  sectorCodes: Map<string, string[]>;
}

async function queryContext(store: Store, filter: ActivityFilter): Promise<QueryContext> {
  const programme = filter.programme;
  const sectorCodes = programme ? await programmeSectorCodes(store, programme) : new Map<string, string[]>();
  return { dialect: storeDialect(store), sectorCodes };
}

/**
 * The sector names each sectorContains rule of a programme picks. One answer asks the store several
 * questions with the same filter (a summary: counts, sums, reporting counts, status differences), so
 * the names are matched once per programme definition read, not once per question: a definition is
 * read anew for each command or request, so a later import is seen by the next one.
 */
const sectorCodesOf = new WeakMap<Store, WeakMap<Programme, Promise<Map<string, string[]>>>>();

function programmeSectorCodes(store: Store, programme: Programme): Promise<Map<string, string[]>> {
  const ofStore = sectorCodesOf.get(store) ?? new WeakMap<Programme, Promise<Map<string, string[]>>>();
  sectorCodesOf.set(store, ofStore);
  let found = ofStore.get(programme);
  if (!found) {
    found = matchSectorCodes(store, programme);
    ofStore.set(programme, found);
  }
  return found;
}

async function matchSectorCodes(store: Store, programme: Programme): Promise<Map<string, string[]>> {
  const wordRules = [...membershipRules(programme), ...partRules(programme)].filter((r) => r.kind === 'sectorContains');
  const sectorCodes = new Map<string, string[]>();
  if (wordRules.length === 0) return sectorCodes;
  const codes = (await store.db.selectFrom('activity_sector').select('code').distinct().execute()).map((r) => r.code);
  for (const rule of wordRules)
    sectorCodes.set(
      rule.value,
      codes.filter((code) => hasWords(code, rule.value)),
    );
  return sectorCodes;
}

/** Activities that meet one rule of a programme definition. */
function ruleMatches(eb: ActivityExpressions, context: QueryContext, rule: ProgrammeRule) {
  const { dialect } = context;
  switch (rule.kind) {
    case 'ids':
      return eb.or([
        eb('a.id', '=', rule.value),
        eb('a.id', 'in', eb.selectFrom('source_record').select('project_id').where('id', '=', rule.value)),
      ]);
    case 'names':
    case 'titleContains':
      return textMatches(dialect, rule.value, { titleOnly: true });
    case 'sectors':
      return withSector(eb, rule.value);
    case 'sectorContains': {
      const codes = context.sectorCodes.get(rule.value) ?? [];
      if (codes.length === 0) return sql<boolean>`1 = 0`;
      return eb('a.id', 'in', eb.selectFrom('activity_sector').select('activity_id').where('code', 'in', codes));
    }
  }
}

/** Activities whose title or one of whose locations names the place. */
function namesPlace(eb: ActivityExpressions, dialect: StoreDialect, place: string) {
  return eb.or([
    textMatches(dialect, place, { titleOnly: true }),
    eb(
      'a.id',
      'in',
      eb
        .selectFrom('activity_location as l')
        .select('l.activity_id')
        .where(nameHasWords(sql.ref('l.name'), place)),
    ),
  ]);
}

function inCountries(eb: ActivityExpressions, countries: string[]) {
  return eb('a.id', 'in', eb.selectFrom('activity_country').select('activity_id').where('country', 'in', countries));
}

/**
 * Where keyword evidence counts: in a member country without places, or in one with places when the
 * project names one of them.
 */
function inProgrammePlaces(eb: ActivityExpressions, { dialect }: QueryContext, programme: Programme) {
  const places = programme.places ?? {};
  const whole = programme.countries.filter((c) => !places[c]);
  return eb.or([
    ...(whole.length > 0 ? [inCountries(eb, whole)] : []),
    ...Object.entries(places).map(([country, names]) =>
      eb.and([inCountries(eb, [country]), eb.or(names.map((place) => namesPlace(eb, dialect, place)))]),
    ),
  ]);
}

/** A programme's scope (countries, financiers, dates), without its match rules. */
function inProgrammeScope(eb: ActivityExpressions, programme: Programme) {
  const conditions = [inCountries(eb, programme.countries)];
  if (programme.financiers?.length) conditions.push(eb.or(programme.financiers.map((f) => withFinancier(eb, f))));
  if (programme.from) conditions.push(eb('a.approval_date', '>=', programme.from));
  if (programme.to) conditions.push(eb('a.approval_date', '<=', programme.to));
  return conditions;
}

/**
 * A programme's members: in its scope, and either named by a source (a listed id, a title that
 * names the programme) or found by a keyword rule where its places allow. A definition without
 * keyword rules takes every project of its scope and places unless it has explicit rules only.
 */
function inProgramme(eb: ActivityExpressions, context: QueryContext, programme: Programme) {
  const rules = membershipRules(programme);
  const explicit = rules.filter((r) => isExplicit(r.kind)).map((r) => ruleMatches(eb, context, r));
  const keywords = rules.filter((r) => !isExplicit(r.kind));
  const byKeyword =
    keywords.length > 0 || explicit.length === 0
      ? [
          eb.and([
            ...(keywords.length > 0 ? [eb.or(keywords.map((r) => ruleMatches(eb, context, r)))] : []),
            inProgrammePlaces(eb, context, programme),
          ]),
        ]
      : [];
  return eb.and([...inProgrammeScope(eb, programme), eb.or([...explicit, ...byKeyword])]);
}

/**
 * For each rule of a programme, which of the given activities (its members) meet it: explicit and
 * keyword rules alike, a keyword rule's matches outside the places included (a member can be there
 * on explicit evidence). With a programme's part rules, which members each part takes; with place
 * rules, which place a member names.
 */
export async function activitiesMeetingRules(
  store: Store,
  programme: Programme,
  ids: string[],
  rules: (ProgrammeRule | { kind: 'place'; value: string })[],
): Promise<string[][]> {
  const context = await queryContext(store, { programme });
  const found: string[][] = rules.map(() => []);
  for (let i = 0; i < ids.length; i += 10_000) {
    const chunk = ids.slice(i, i + 10_000);
    for (const [r, rule] of rules.entries()) {
      const rows = await store.db
        .selectFrom('activity as a')
        .where('a.id', 'in', chunk)
        .where((eb) =>
          rule.kind === 'place' ? namesPlace(eb, context.dialect, rule.value) : ruleMatches(eb, context, rule as ProgrammeRule),
        )
        .select('a.id')
        .execute();
      found[r]?.push(...rows.map((row) => row.id));
    }
  }
  return found;
}

/** The WHERE clause of a filter, on the activity table aliased `a`. */
function whereFilter(filter: ActivityFilter, context: QueryContext) {
  return (eb: ActivityExpressions) => {
    const conditions = [];
    if (filter.ids) conditions.push(eb('a.id', 'in', filter.ids.length > 0 ? filter.ids : ['']));
    if (filter.countries?.length) {
      conditions.push(eb('a.id', 'in', eb.selectFrom('activity_country').select('activity_id').where('country', 'in', filter.countries)));
    }
    if (filter.region) {
      const region = filter.region;
      const regions = eb.selectFrom('activity_region').select('activity_id');
      conditions.push(
        eb(
          'a.id',
          'in',
          regions.where((inner) => inner(inner.fn('lower', ['region']), '=', region.toLowerCase())),
        ),
      );
    }
    if (filter.financier) conditions.push(withFinancier(eb, filter.financier));
    if (filter.sector) conditions.push(withSector(eb, filter.sector));
    if (filter.instrument) conditions.push(eb(eb.fn('lower', ['a.instrument']), '=', filter.instrument.toLowerCase()));
    if (filter.programme) conditions.push(inProgramme(eb, context, filter.programme));
    const status = statusExpression(filter);
    if (filter.status) conditions.push(eb(status, '=', filter.status));
    // Where the rule and the source disagree (never where the source gives no status).
    if (filter.statusDiffers) conditions.push(eb(statusExpression({ ...filter, sourceStatus: false }), '!=', eb.ref('a.status')));
    if (!filter.includeDropped && filter.status !== 'dropped') {
      conditions.push(eb.or([eb('a.status', 'is', null), eb('a.status', '!=', 'dropped')]));
    }
    if (filter.from) conditions.push(eb('a.approval_date', '>=', filter.from));
    if (filter.to) conditions.push(eb('a.approval_date', '<=', filter.to));
    // On a past date, only what had been approved by then (projects with no approval date cannot be placed in time).
    if (filter.asOf) conditions.push(eb('a.approval_date', '<=', filter.asOf));
    if (filter.text) conditions.push(textMatches(context.dialect, filter.text));
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
  /** Whether an activity can be in several groups (a joined table): its rows must then be counted once. */
  joined: boolean;
}

/**
 * What the store can group by: a breakdown, or (to choose a breakdown's sector vocabulary) the
 * sector vocabularies each activity has sectors in.
 */
export type Grouped = GroupBy | 'sector-vocabulary';

/** The vocabulary of sector breakdowns when none is named. */
const DEFAULT_SECTOR_VOCABULARY: SectorVocabulary = 'dac3';

/**
 * Filtered activities (`a`), with the expression that groups them and each activity's share in its
 * group. Grouped by financier, an activity counts once for each of its financiers; its money is
 * grouped by the financier of each amount instead (see sumMeasures), so nothing is counted twice.
 * Grouped by sector, the sectors are those of one vocabulary, and activities with none in it are
 * one group of their own (NO_SECTOR_KEY), so that none is left out.
 */
function grouped(
  store: Store,
  filter: ActivityFilter,
  by: Grouped | null,
  context: QueryContext,
  sectorVocabulary = DEFAULT_SECTOR_VOCABULARY,
): Grouping {
  const query = store.db.selectFrom('activity as a').where(whereFilter(filter, context));
  const one = sql<number>`1`;
  switch (by) {
    case 'country':
      return {
        query: query.innerJoin('activity_country as g', 'g.activity_id', 'a.id'),
        key: sql`g.country`,
        share: sql`g.share`,
        joined: true,
      };
    case 'sector':
      return {
        query: query.leftJoin('activity_sector as g', (join) =>
          join.onRef('g.activity_id', '=', 'a.id').on('g.vocabulary', '=', sectorVocabulary),
        ),
        key: sql`coalesce(g.code, ${NO_SECTOR_KEY})`,
        share: sql`coalesce(g.share, 1)`,
        joined: true,
      };
    case 'sector-vocabulary':
      return {
        query: query.innerJoin(
          (eb) => eb.selectFrom('activity_sector').select(['activity_id', 'vocabulary']).distinct().as('g'),
          (join) => join.onRef('g.activity_id', '=', 'a.id'),
        ),
        key: sql`g.vocabulary`,
        share: one,
        joined: true,
      };
    case 'financier':
      // An activity may list one financier twice (IBRD and IDA are both the World Bank): counts are distinct.
      return {
        query: query.innerJoin('activity_financier as g', 'g.activity_id', 'a.id'),
        key: sql`g.financier`,
        share: one,
        joined: true,
      };
    case 'amount-year':
      // Activities count in every year in which they have an amount.
      return {
        query: query.innerJoin(
          (eb) =>
            eb
              .selectFrom('money_flow')
              .select(['activity_id', sql<string>`substr(value_date, 1, 4)`.as('year')])
              .where('value_date', 'is not', null)
              .where('value_date', '<=', filter.asOf ?? '9999-12-31')
              .distinct()
              .as('g'),
          (join) => join.onRef('g.activity_id', '=', 'a.id'),
        ),
        key: sql`g.year`,
        share: one,
        joined: true,
      };
    case 'status':
      return { query, key: sql`coalesce(${statusExpression(filter)}, 'unknown')`, share: one, joined: false };
    case 'year':
      return { query, key: sql`coalesce(substr(a.approval_date, 1, 4), 'unknown')`, share: one, joined: false };
    case 'instrument':
      return { query, key: sql`coalesce(a.instrument, 'unknown')`, share: one, joined: false };
    default:
      return { query, key: sql`'all'`, share: one, joined: false };
  }
}

export interface GroupCount {
  key: string;
  activities: number;
  active: number;
}

export async function countActivities(
  store: Store,
  filter: ActivityFilter,
  by: Grouped | null,
  sectorVocabulary?: SectorVocabulary,
): Promise<GroupCount[]> {
  const { query, key, joined } = grouped(store, filter, by, await queryContext(store, filter), sectorVocabulary);
  const active = sql`${statusExpression(filter)} = 'active'`;
  // Without a join each activity is one row: a plain count, with no sort to find distinct ids.
  const rows = await query
    .select(
      joined
        ? [
            key.as('key'),
            sql<number>`count(distinct a.id)`.as('activities'),
            sql<number>`count(distinct case when ${active} then a.id end)`.as('active'),
          ]
        : [key.as('key'), sql<number>`count(*)`.as('activities'), sql<number>`count(case when ${active} then 1 end)`.as('active')],
    )
    // By the output column: PostgreSQL refuses a constant key ('all') in GROUP BY, and sees a key
    // with a bound value (the as-of date) as a different expression from the selected one.
    .groupBy(sql.ref('key'))
    .execute();
  return rows.map((r) => ({ key: String(r.key), activities: Number(r.activities), active: Number(r.active) }));
}

/**
 * Of the filtered activities, how many have at least one place with coordinates, and how many such
 * places they have in all.
 */
export async function countLocated(store: Store, filter: ActivityFilter): Promise<{ located: number; places: number }> {
  const context = await queryContext(store, filter);
  const row = await store.db
    .selectFrom('activity as a')
    .innerJoin('activity_location as l', 'l.activity_id', 'a.id')
    .where(whereFilter(filter, context))
    .select([sql<number>`count(distinct a.id)`.as('located'), sql<number>`count(*)`.as('places')])
    .executeTakeFirstOrThrow();
  return { located: Number(row.located), places: Number(row.places) };
}

export interface MoneySum {
  key: string;
  measure: Measure;
  currency: string | null;
  /** 'YYYY-MM' of the value date, or null when there is none. */
  month: string | null;
  /** Hundredths of the currency unit (weighted by the group share, so not always whole). */
  hundredths: number;
}

/**
 * Commitments and disbursements summed per group, measure, currency and value month. With a
 * financier filter only that financier's amounts count; grouped by financier each amount goes to
 * the financier it belongs to.
 */
export async function sumMeasures(
  store: Store,
  filter: ActivityFilter,
  by: Grouped | 'activity' | null,
  sectorVocabulary?: SectorVocabulary,
): Promise<MoneySum[]> {
  const { query, key, share } = amounts(store, filter, by, await queryContext(store, filter), sectorVocabulary);
  const rows = await query
    .select([
      key.as('key'),
      'm.measure as measure',
      'm.currency as currency',
      sql<string | null>`substr(m.value_date, 1, 7)`.as('month'),
      sql<number>`sum(m.value_minor * ${share})`.as('hundredths'),
    ])
    .groupBy([sql.ref('key'), 'm.measure', 'm.currency', sql`substr(m.value_date, 1, 7)`])
    .execute();
  return rows.map((r) => ({
    key: String(r.key),
    measure: r.measure as Measure,
    currency: r.currency,
    month: r.month,
    hundredths: Number(r.hundredths),
  }));
}

export interface ReportingCount {
  key: string;
  measure: Measure;
  /** How many of the group's activities have at least one amount of the measure. */
  activities: number;
}

/**
 * How many activities report each measure, overall and per group, counting the same amounts as
 * sumMeasures: a measure that no activity of a group reports is unknown there, not zero.
 */
export async function countReporting(
  store: Store,
  filter: ActivityFilter,
  by: Grouped | null,
  sectorVocabulary?: SectorVocabulary,
): Promise<ReportingCount[]> {
  const { query, key } = amounts(store, filter, by, await queryContext(store, filter), sectorVocabulary);
  const rows = await query
    .select([key.as('key'), 'm.measure as measure', sql<number>`count(distinct a.id)`.as('activities')])
    .groupBy([sql.ref('key'), 'm.measure'])
    .execute();
  return rows.map((r) => ({ key: String(r.key), measure: r.measure as Measure, activities: Number(r.activities) }));
}

/**
 * The filtered activities joined to the amounts that count: up to the as-of date, and only the
 * financier's own with a financier filter. Grouped by financier or by year, each amount goes to
 * its own financier or year.
 */
function amounts(
  store: Store,
  filter: ActivityFilter,
  by: Grouped | 'activity' | null,
  context: QueryContext,
  sectorVocabulary?: SectorVocabulary,
) {
  const ownKeys: Partial<Record<string, RawBuilder<string>>> = {
    financier: sql`m.financier`,
    'amount-year': sql`substr(m.value_date, 1, 4)`,
    activity: sql`a.id`,
  };
  const ownKey = by ? ownKeys[by] : undefined;
  const grouping = ownKey
    ? { ...grouped(store, filter, null, context), key: ownKey }
    : grouped(store, filter, by as Grouped | null, context, sectorVocabulary);
  let query = grouping.query.innerJoin('money_flow as m', 'm.activity_id', 'a.id');
  if (filter.asOf) query = query.where('m.value_date', '<=', filter.asOf);
  if (filter.financier) {
    const financier = filter.financier;
    query = query.where((eb) => financierMatches(eb, 'm', financier));
  }
  return { query, key: grouping.key, share: grouping.share };
}

export interface ActivityListRow {
  id: string;
  title: string | null;
  status: string | null;
  sourceStatus: string | null;
  /** The day the source's status is known on (model/status.ts). */
  statusDate: string | null;
  financiers: string[];
  approvalDate: string | null;
  closingDate: string | null;
  instrument: string | null;
  countries: string[];
}

/**
 * The filtered activities in list order: newest approval first, undated last, then by id; with
 * search words, the most relevant first and that order among equals (the matches and their
 * relevance are found once, then the rest of the filter applies to them). With a `cut`, only the
 * most relevant matches are read (see rankedRows); each row then also says its relevance, and how
 * many candidates there were and the least relevant one's relevance.
 */
function listQuery(store: Store, filter: ActivityFilter, context: QueryContext, cut?: RelevanceCut) {
  const columns = [
    'a.id',
    'a.title',
    statusExpression(filter).as('status'),
    'a.status as source_status',
    'a.status_date',
    'a.financier',
    'a.approval_date',
    'a.closing_date',
    'a.instrument',
  ] as const;
  const plainList = () =>
    store.db
      .selectFrom('activity as a')
      .where(whereFilter(filter, context))
      .select([...columns]);
  const ranking =
    cut == null
      ? []
      : [
          sql<number>`r.relevance`.as('relevance'),
          sql<number>`(select count(*) from r)`.as('candidates'),
          sql<number>`(select min(relevance) from r)`.as('least_relevance'),
        ];
  const query = filter.text
    ? (store.db
        .with(
          (cte) => cte('r').materialized(),
          () => relevance(context.dialect, filter.text as string, cut),
        )
        .selectFrom('r')
        .innerJoin('activity as a', 'a.id', sql.ref('r.id') as never)
        .where(whereFilter({ ...filter, text: undefined }, context) as never)
        .select([...columns, ...ranking])
        .orderBy(sql`r.relevance`, 'desc') as unknown as ReturnType<typeof plainList>)
    : plainList();
  return (
    query
      // Undated last on both databases (PostgreSQL would put nulls first in a descending order).
      .orderBy('a.approval_date', (ob) => ob.desc().nullsLast())
      .orderBy('a.id')
  );
}

type ListQueryRow = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];

/** The rows of a page with each activity's countries and financiers. */
async function listRows(store: Store, rows: ListQueryRow[]): Promise<ActivityListRow[]> {
  const ids = rows.map((r) => r.id);
  const countries = await valuesByActivity(store, 'activity_country', 'country', ids);
  const financiers = await valuesByActivity(store, 'activity_financier', 'financier', ids);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    sourceStatus: r.source_status,
    statusDate: r.status_date,
    // The lead financier first, then the co-financiers by name.
    financiers: [r.financier, ...(financiers.get(r.id) ?? []).filter((f) => f !== r.financier)],
    approvalDate: r.approval_date,
    closingDate: r.closing_date,
    instrument: r.instrument,
    countries: countries.get(r.id) ?? [],
  }));
}

export async function listActivities(
  store: Store,
  filter: ActivityFilter,
  page: { limit?: number; offset?: number } = {},
): Promise<ActivityListRow[]> {
  const context = await queryContext(store, filter);
  if (filter.text && page.limit != null) return listRows(store, await rankedRows(store, filter, context, page.offset ?? 0, page.limit));
  let query = listQuery(store, filter, context);
  if (page.limit != null) query = query.limit(page.limit).offset(page.offset ?? 0);
  return listRows(store, await query.execute());
}

/**
 * A relevance a hair below `relevance`: reading a few matches less relevant than the cut changes no
 * page, and the cut then survives its trip through the driver whatever the server does to the
 * digits of a real (PostgreSQL's ts_rank, printed with fewer digits under extra_float_digits = 0).
 */
function below(relevance: number): number {
  return relevance - Math.abs(relevance) * 1e-6;
}

/** How many times the rows wanted are taken as candidates first, and how many at least. */
const CANDIDATE_FACTOR = 4;
const MIN_CANDIDATES = 1000;

interface RankedRow {
  relevance: number;
  candidates: number;
  least_relevance: number;
}

/**
 * A page of a ranked list without ranking the activities behind the page's rows: at a million
 * projects a common word matches tens of thousands, and reading each of them in the activity
 * table to apply the rest of the filter cost most of the answer. Only the most relevant matches
 * are read (a few times the rows wanted), and the page is exact when its last row is more relevant
 * than the least relevant candidate: every match left out is at most as relevant as that one, so
 * none of them could come before it. When the page ends among matches as relevant as the cut
 * (many equally relevant titles), the matches at least that relevant are read instead, usually
 * few more: every one left out is then less relevant than the page's last row, and the page was
 * already full with those read. When the rest of the filter leaves too few candidates to fill the
 * page, more are read, and in the end all.
 */
async function rankedRows(
  store: Store,
  filter: ActivityFilter,
  context: QueryContext,
  offset: number,
  limit: number,
): Promise<ListQueryRow[]> {
  const wanted = offset + limit;
  const first = Math.max(MIN_CANDIDATES, CANDIDATE_FACTOR * wanted);
  const page = (cut: RelevanceCut) =>
    listQuery(store, filter, context, cut).limit(limit).offset(offset).execute() as Promise<(ListQueryRow & RankedRow)[]>;
  for (const candidates of [first, first * 16]) {
    const rows = await page({ candidates });
    const last = rows[rows.length - 1];
    if (!last) continue;
    if (Number(last.candidates) < candidates) return rows;
    if (rows.length === limit)
      return Number(last.relevance) > Number(last.least_relevance) ? rows : page({ atLeast: below(Number(last.least_relevance)) });
  }
  return listQuery(store, filter, context).limit(limit).offset(offset).execute();
}

/**
 * The rows of listActivities a page at a time, in the same order, so that a caller can write each
 * page before the next is read. Pages after the first start after the last row read (keyset), not
 * at an offset, so the database never walks the rows already read again. The dated rows and the
 * undated ones (last) are read by separate queries: each is then a range of the approval-date
 * index, where one condition with an OR over both would sort every remaining row for each page.
 */
export async function* activityPages(
  store: Store,
  filter: ActivityFilter,
  page: { limit?: number; offset?: number; pageSize?: number } = {},
): AsyncGenerator<ActivityListRow[]> {
  for await (const rows of listPages(store, filter, page)) yield await listRows(store, rows);
}

/** The ids of listActivities a page at a time, in its order, as activityPages reads them (for the places of the list). */
export async function* activityIdPages(
  store: Store,
  filter: ActivityFilter,
  page: { limit?: number; offset?: number; pageSize?: number } = {},
): AsyncGenerator<string[]> {
  for await (const rows of listPages(store, filter, page)) yield rows.map((r) => r.id);
}

async function* listPages(
  store: Store,
  filter: ActivityFilter,
  page: { limit?: number; offset?: number; pageSize?: number },
): AsyncGenerator<ListQueryRow[]> {
  const pageSize = page.pageSize ?? 1000;
  const context = await queryContext(store, filter);
  if (filter.text) {
    // Ranked by relevance, the order has no key to start after: pages by offset (search lists are short).
    yield* rankedPages(store, filter, context, page.offset ?? 0, page.limit ?? Number.POSITIVE_INFINITY, pageSize);
    return;
  }
  let left = page.limit ?? Number.POSITIVE_INFINITY;
  let last: ListQueryRow | undefined;
  const undated = () => listQuery(store, filter, context).where('a.approval_date', 'is', null);
  while (left > 0) {
    const wanted = Math.min(pageSize, left);
    let rows: ListQueryRow[];
    if (!last)
      rows = await listQuery(store, filter, context)
        .limit(wanted)
        .offset(page.offset ?? 0)
        .execute();
    else if (last.approval_date == null) rows = await undated().where('a.id', '>', last.id).limit(wanted).execute();
    else {
      const { approval_date: date, id } = last;
      rows = await listQuery(store, filter, context)
        .where('a.approval_date', '<=', date)
        .where((eb) => eb.or([eb('a.approval_date', '<', date), eb('a.id', '>', id)]))
        .limit(wanted)
        .execute();
      if (rows.length < wanted)
        rows = [
          ...rows,
          ...(await undated()
            .limit(wanted - rows.length)
            .execute()),
        ];
    }
    if (rows.length === 0) return;
    yield rows;
    last = rows[rows.length - 1];
    left -= rows.length;
    if (rows.length < wanted) return;
  }
}

async function* rankedPages(
  store: Store,
  filter: ActivityFilter,
  context: QueryContext,
  offset: number,
  limit: number,
  pageSize: number,
): AsyncGenerator<ListQueryRow[]> {
  for (let read = 0; read < limit; ) {
    const wanted = Math.min(pageSize, limit - read);
    const rows = await rankedRows(store, filter, context, offset + read, wanted);
    if (rows.length === 0) return;
    yield rows;
    read += rows.length;
    if (rows.length < wanted) return;
  }
}

/** The distinct values of a column of a per-activity table, for each activity, sorted. */
async function valuesByActivity(
  store: Store,
  table: 'activity_country' | 'activity_financier',
  column: 'country' | 'financier',
  ids: string[],
): Promise<Map<string, string[]>> {
  const byActivity = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += 10_000) {
    const rows = await store.db
      // biome-ignore lint/suspicious/noExplicitAny: both tables have activity_id and the named column
      .selectFrom(table as any)
      .select(['activity_id', `${column} as value`])
      .distinct()
      .where('activity_id', 'in', ids.slice(i, i + 10_000))
      .orderBy('value')
      .execute();
    for (const row of rows as { activity_id: string; value: string }[])
      byActivity.set(row.activity_id, [...(byActivity.get(row.activity_id) ?? []), row.value]);
  }
  return byActivity;
}

/** Commitments and disbursements per activity (key = activity id) for the activities of a filter. */
export function sumMeasuresByActivity(store: Store, filter: ActivityFilter): Promise<MoneySum[]> {
  return sumMeasures(store, filter, 'activity');
}

export interface ActivityFinancier {
  id: string;
  /** Whether the activity is active (on the filter's as-of date). */
  active: boolean;
  /** One of its financiers; null for an activity that names none. */
  financier: string | null;
}

/**
 * Each filtered activity with each of its financiers (a financier listed twice comes twice), by id:
 * in one pass, what a summary by financier counts (every activity, each financier's activities)
 * and which activities are shared. Neither DISTINCT nor an order by financier: with either,
 * SQLite reads every activity's row from the table instead of from an index that holds it.
 */
export async function activityFinanciers(store: Store, filter: ActivityFilter): Promise<ActivityFinancier[]> {
  const rows = await store.db
    .selectFrom('activity as a')
    .where(whereFilter(filter, await queryContext(store, filter)))
    .leftJoin('activity_financier as f', 'f.activity_id', 'a.id')
    .select([
      'a.id as id',
      sql<number>`case when ${statusExpression(filter)} = 'active' then 1 else 0 end`.as('active'),
      'f.financier as financier',
    ])
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({ id: r.id, active: Number(r.active) === 1, financier: r.financier }));
}

/** How many projects a financier leads (reports or lends itself), and how many it co-finances. */
export async function financierPresence(store: Store, financier: string): Promise<{ lead: number; coFinanced: number }> {
  const rows = await store.db
    .selectFrom('activity_financier as af')
    .where((eb) => financierMatches(eb, 'af', financier))
    .select(['af.role as role', sql<number>`count(distinct af.activity_id)`.as('n')])
    .groupBy('af.role')
    .execute();
  const count = (role: string) => Number(rows.find((r) => r.role === role)?.n ?? 0);
  return { lead: count('lead'), coFinanced: count('co-financing') };
}

export interface StatusDifferences {
  /** How many of the filtered activities differ, per status their source publishes. */
  bySourceStatus: Record<string, number>;
  /** The first `listed` of them by id. */
  first: StatusDifference[];
}

/**
 * The filtered activities whose status by the rule differs from their source's: how many (per
 * published status) and the first few by id, so that a summary over a whole large store reads
 * counts, not every differing row.
 */
export async function statusDifferences(store: Store, filter: ActivityFilter, listed: number): Promise<StatusDifferences> {
  const differing = store.db
    .selectFrom('activity as a')
    .where(whereFilter({ ...filter, statusDiffers: true }, await queryContext(store, filter)));
  const [counts, rows] = await Promise.all([
    differing
      .select(['a.status as sourceStatus', sql<number>`count(*)`.as('n')])
      .groupBy('a.status')
      .execute(),
    differing
      .select([
        'a.id as id',
        'a.status as sourceStatus',
        statusExpression({ ...filter, sourceStatus: false }).as('status'),
        'a.closing_date as closingDate',
      ])
      .orderBy('a.id')
      .limit(listed)
      .execute(),
  ]);
  return {
    bySourceStatus: Object.fromEntries(counts.map((c) => [String(c.sourceStatus), Number(c.n)])),
    first: rows.map((r) => ({ id: r.id, sourceStatus: String(r.sourceStatus), status: String(r.status), closingDate: r.closingDate })),
  };
}
