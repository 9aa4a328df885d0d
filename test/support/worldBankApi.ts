// A stand-in for the World Bank Projects API v3 on a local server, answering the way v3 answers
// (see test/fixtures/worldbank-v3/README.md for the recordings this shape is taken from):
// every amount is plain US dollars as a string, `closingdate` is YYYY-MM-DD, `countryname` a
// string, `lendinginstr` absent; the envelope has `rows` as a number and `os`, `page` and `total`
// as strings; `rows` above 1,000 is capped; only the `_exact` filters filter, case-sensitively.
import type { IncomingMessage, ServerResponse } from 'node:http';

type CsvRow = Record<string, string>;

/** The largest page v3 serves; a larger `rows` is answered with this many. */
export const V3_MAX_ROWS = 1000;

const dollars = (usd: string | undefined) => (usd ? String(Number(usd)) : undefined);

/** A project of the export as v3 returns it. */
export function apiProject(row: CsvRow, country: { code: string; name: string } = KAZAKHSTAN): Record<string, unknown> {
  const project: Record<string, unknown> = {
    id: row.id,
    proj_id: row.id,
    countrycode: [country.code],
    countryname: country.name,
  };
  const copy = (name: string, value: unknown = row[name]) => {
    if (row[name] && value !== undefined) project[name] = value;
  };
  for (const name of ['regionname', 'countryshortname', 'status', 'last_stage_reached_name', 'project_name', 'pdo', 'impagency'])
    copy(name);
  for (const name of ['borrower', 'envassesmentcategorycode']) copy(name);
  copy('projectfinancialtype', [row.projectfinancialtype]);
  copy('boardapprovaldate');
  copy('public_disclosure_date');
  copy('loan_effective_date');
  copy('closingdate');
  for (const name of ['curr_project_cost', 'curr_ibrd_commitment', 'idacommamt', 'grantamt', 'curr_total_commitment'])
    copy(name, dollars(row[name]));
  // The Bank's commitment as approved; the export has no such column, so the current one stands in.
  if (row.curr_total_commitment) project.totalamt = dollars(row.curr_total_commitment);
  return project;
}

const KAZAKHSTAN = { code: 'KZ', name: 'Republic of Kazakhstan' };

export interface FakeApi {
  handler: (request: IncomingMessage, response: ServerResponse) => void;
  /** Every query received, parsed. */
  queries: URLSearchParams[];
}

/**
 * Answers from the given projects the way v3 does: `countrycode_exact` and `status_exact` (values
 * joined by ^, matched exactly and case-sensitively) filter unless `ignoreFilters`; the plain
 * `countrycode` and `status` are ignored; `rows`/`os` page, `rows` capped at 1,000; `fl` picks the
 * fields (and `id` always comes).
 */
export function fakeApi(
  projects: Record<string, unknown>[],
  options: { ignoreFilters?: boolean; hangOnce?: string; maxRows?: number; omitTotal?: boolean } = {},
): FakeApi {
  const queries: URLSearchParams[] = [];
  let hang = options.hangOnce;
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    queries.push(query);
    if (hang !== undefined && query.get('os') === hang) {
      hang = undefined;
      return; // never answers: the client must time out and retry
    }
    const within = (name: string, value: unknown) => {
      const wanted = query.get(name)?.split('^');
      const values = (Array.isArray(value) ? value : [value]).map(String);
      return options.ignoreFilters || !wanted || values.some((v) => wanted.includes(v));
    };
    const matching = projects.filter((p) => within('countrycode_exact', p.countrycode) && within('status_exact', p.status));
    const rows = Math.min(Number(query.get('rows') ?? 10), options.maxRows ?? V3_MAX_ROWS);
    const os = Number(query.get('os') ?? 0);
    const fields = query.get('fl')?.split(',');
    const page = matching
      .slice(os, os + rows)
      .map((p) => (fields ? Object.fromEntries(Object.entries(p).filter(([k]) => k === 'id' || fields.includes(k))) : p));
    const body = {
      rows,
      os: String(os),
      page: String(Math.floor(os / rows) + 1),
      ...(options.omitTotal ? {} : { total: String(matching.length) }),
      projects: Object.fromEntries(page.map((p) => [p.id, p])),
      facets: {},
    };
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };
  return { handler, queries };
}
