// A stand-in for the World Bank Projects API on a local server: projects in the API's own formats
// (dates in its three forms, amounts with commas or in millions), built from export rows.
import type { IncomingMessage, ServerResponse } from 'node:http';

type CsvRow = Record<string, string>;

const commas = (usd: string) => Number(usd).toLocaleString('en-US', { maximumFractionDigits: 2 });
const millions = (usd: string) => String(Number(usd) / 1e6);
const monthFirst = (date: string) => {
  const [year, month, day] = date.split('-');
  return `${Number(month)}/${Number(day)}/${year} 12:00:00 AM`;
};

/** A project as the API returns it: dates in its three forms, amounts in dollars with commas or in millions. */
export function apiProject(row: CsvRow, index: number): Record<string, unknown> {
  const project: Record<string, unknown> = { id: row.id, countrycode: ['KZ'], countryname: ['Republic of Kazakhstan'] };
  const copy = (name: string, value: unknown = row[name]) => {
    if (row[name]) project[name] = value;
  };
  for (const name of ['regionname', 'countryshortname', 'status', 'last_stage_reached_name', 'project_name', 'pdo', 'impagency'])
    copy(name);
  for (const name of ['borrower', 'lendinginstr', 'envassesmentcategorycode']) copy(name);
  copy('projectfinancialtype', [row.projectfinancialtype]);
  copy('boardapprovaldate');
  copy('public_disclosure_date', `${row.public_disclosure_date}T00:00:00Z`);
  copy('loan_effective_date');
  copy('closingdate', monthFirst(row.closingdate ?? ''));
  copy('curr_project_cost', String(Number(row.curr_project_cost)));
  copy('idacommamt', commas(row.idacommamt ?? ''));
  copy('grantamt', commas(row.grantamt ?? ''));
  copy('curr_ibrd_commitment', millions(row.curr_ibrd_commitment ?? ''));
  // The API sends this one as a string or as a JSON number.
  copy('curr_total_commitment', index % 2 === 0 ? millions(row.curr_total_commitment ?? '') : Number(row.curr_total_commitment) / 1e6);
  return project;
}

export interface FakeApi {
  handler: (request: IncomingMessage, response: ServerResponse) => void;
  /** Every query received, parsed. */
  queries: URLSearchParams[];
}

/**
 * Answers from the given projects the way the API does: `countrycode_exact` and `status_exact`
 * (values joined by ^) filter unless `ignoreFilters`, `rows`/`os` page, `fl` picks the fields,
 * and the counts come back as strings.
 */
export function fakeApi(projects: Record<string, unknown>[], options: { ignoreFilters?: boolean; hangOnce?: string } = {}): FakeApi {
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
    const rows = Number(query.get('rows') ?? 10);
    const os = Number(query.get('os') ?? 0);
    const fields = query.get('fl')?.split(',');
    const page = matching
      .slice(os, os + rows)
      .map((p) => (fields ? Object.fromEntries(Object.entries(p).filter(([k]) => fields.includes(k))) : p));
    const body = {
      rows: String(rows),
      os: String(os),
      page: String(Math.floor(os / rows) + 1),
      total: String(matching.length),
      projects: Object.fromEntries(page.map((p) => [p.id, p])),
    };
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };
  return { handler, queries };
}
