// Checks one claim of a statement against the portfolio: the figure the data gives under the
// claim's own scope, a verdict, the projects behind the figure, and the nearest other definitions
// (official figures often count differently: dropped projects, another date, one lending window).
import type { ActivityFilter } from '../model/filter.js';
import type { Claim } from '../model/statement.js';
import { portfolioActivities } from '../portfolio/activities.js';
import { referenceData } from '../portfolio/referenceCache.js';
import { portfolioSummary } from '../portfolio/summary.js';
import { financierPresence } from '../store/activityQueries.js';
import type { Store } from '../store/open.js';
import { claimQuestion } from './claimQuestion.js';
import type { ClaimSubject } from './claimSubject.js';
import { type Definition, searchDefinitions } from './definitions.js';

export type Verdict = 'supported' | 'contradicted' | 'not_verifiable';

export interface DefinitionReading {
  definition: string;
  figure: number | null;
  verdict: Verdict;
}

export interface ClaimCheck extends DefinitionReading {
  claim: Claim;
  /** The portfolio question asked (a filter as `devfin activities` takes it). */
  query: ActivityFilter;
  /** The claim's value in the unit the figure is in (amounts in USD). */
  claimed: number | null;
  /** The figures that would bear the claim out (see acceptedRange); null when the claim has no value to compare. */
  accepted: Accepted | null;
  /** Why no verdict, or what data would be needed. */
  reason?: string;
  /** The projects behind the figure (at most 50), largest commitments first. */
  projects: { id: string; title: string | null; status: string | null; approvalDate: string | null; commitmentUsd: number | null }[];
  alternatives: DefinitionReading[];
  /** What the claim is about (see claimSubject): the portfolio, a programme or framework, non-lending work, another claim's period. */
  subject: SubjectOf;
  /** Counts and amounts about a portfolio: the natural definitions searched, nearest to the claimed figure first. */
  definitions?: Definition[];
  /** The labels of the definitions, other than the claim's own reading, that give the claimed figure. */
  reproducedBy?: string[];
  /** The verdict in one sentence a reader can quote. */
  finding: string;
}

/** What a claim is about, as --json shows it. */
export interface SubjectOf {
  kind: ClaimSubject['kind'];
  /** The programme or framework's name in devfin (programmes/*.yaml). */
  programme?: string;
  /** As the statement names it. */
  named?: string;
  /** What marked the work as not lending ("advisory services"). */
  cue?: string;
  /** The non-lending work by name, when the statement gives one. */
  work?: string | null;
  /** The claims whose period this duration is. */
  of?: string[];
}

function subjectOf(subject: ClaimSubject): SubjectOf {
  switch (subject.kind) {
    case 'programme':
    case 'framework':
      return { kind: subject.kind, programme: subject.programme.name, named: subject.named };
    case 'non_lending':
      return { kind: subject.kind, cue: subject.cue, work: subject.work };
    case 'period':
      return { kind: subject.kind, of: subject.of };
    default:
      return { kind: subject.kind };
  }
}

/** The figures that bear out a claimed value: from `min` to `max`, null for an open end. */
export interface Accepted {
  min: number | null;
  max: number | null;
}

/** Which figures bear out the claimed value, given how the claim qualifies it. */
export function acceptedRange(claim: Claim, claimed: number): Accepted {
  // What "8" means when a text writes "$8bn": anything that rounds to it at the stated precision.
  // A year is right within a year (fiscal and calendar years differ); a count must be exact.
  const step = claim.measure === 'count' ? 0 : claim.measure === 'year' ? 1 : 10 ** Math.floor(Math.log10(Math.abs(claimed) || 1)) / 2;
  switch (claim.qualifier) {
    case 'over':
    case 'at_least':
      return { min: claimed, max: null };
    case 'under':
      return { min: claimed * 0.85, max: claimed };
    case 'up_to':
      return { min: null, max: claimed };
    case 'about': {
      const margin = Math.max(claimed * 0.1, step);
      return { min: claimed - margin, max: claimed + margin };
    }
    default:
      return { min: claimed - step, max: claimed + step };
  }
}

/** Does the data figure bear the claim out: is it in the accepted range? */
export function verdictOf({ min, max }: Accepted, figure: number): Verdict {
  return (min === null || figure >= min) && (max === null || figure <= max) ? 'supported' : 'contradicted';
}

interface Measured {
  figure: number | null;
  reason?: string;
}

/** The data's figure for the claim's measure under a filter. */
async function measure(store: Store, claim: Claim, filter: ActivityFilter, asOf: string): Promise<Measured> {
  switch (claim.measure) {
    case 'count': {
      const summary = await portfolioSummary(store, filter, 'status');
      return { figure: summary.total.activities };
    }
    case 'amount': {
      const { total } = await portfolioSummary(store, filter, 'status');
      // No commitment reported is an unknown, not an amount of 0 that would contradict the claim.
      if (total.commitmentUsd === null)
        return { figure: null, reason: `none of the ${total.activities} projects asked about reports commitments` };
      return { figure: total.commitmentUsd };
    }
    case 'year':
    case 'duration': {
      const list = await portfolioActivities(store, { ...filter, from: undefined, to: undefined });
      const first = list.items
        .map((a) => a.approvalDate)
        .filter((d): d is string => Boolean(d))
        .sort()[0];
      if (!first) return { figure: null, reason: 'no dated project in the loaded data' };
      const years = Number(asOf.slice(0, 4)) - Number(first.slice(0, 4));
      return { figure: claim.measure === 'year' ? Number(first.slice(0, 4)) : years };
    }
    default:
      return {
        figure: null,
        reason: `a ${claim.measure} needs figures the portfolio does not hold (totals of other lenders or of the economy)`,
      };
  }
}

/** The claim's value in the figure's unit: amounts in other currencies at the statement month's rate. */
async function claimedValue(store: Store, claim: Claim, asOf: string): Promise<{ value: number | null; reason?: string }> {
  if (claim.measure === 'duration' && /month/i.test(claim.unit)) return { value: claim.value / 12 };
  if (claim.measure !== 'amount' || claim.unit === 'USD') return { value: claim.value };
  const rate = (await referenceData(store)).converter.rate(claim.unit, asOf.slice(0, 7));
  if (!rate) return { value: null, reason: `no exchange rate for ${claim.unit} in ${asOf.slice(0, 7)}: run devfin rates update` };
  return { value: claim.value / rate.unitsPerUsd };
}

/** What the portfolio counts: projects and loans (by whatever name), not jobs, kilometres or people. */
const PORTFOLIO_UNITS = /project|loan|credit|grant|operation|investment|agreement|program|financing|guarantee/i;

const usd = (value: number | null) => (value === null ? 'USD — (not reported)' : `USD ${Math.round(value).toLocaleString('en-US')}`);

/** What would settle a claim about non-lending work: the records of the financier doing it. */
function nonLendingRecords(financier: string | null, work: string | null): string {
  const of = work ? ` for the ${work}` : '';
  if (
    financier &&
    /^(?:world bank|world bank group|ibrd|ida|wbg|international bank for reconstruction and development|international development association)$/i.test(
      financier,
    )
  )
    return `the World Bank's records of its Advisory Services and Analytics (ASA) and its Documents & Reports (documents.worldbank.org)${of}`;
  if (financier && /^(?:asian development bank|adb)$/i.test(financier)) return `ADB's technical assistance records (adb.org/projects)${of}`;
  return `${financier ? `${financier}'s` : 'the organisation’s'} records of its advisory and technical assistance work${of}`;
}

/** Is a financier's own portfolio loaded (not only its co-financing of others' projects)? */
async function financierLoaded(store: Store, financier: string): Promise<{ loaded: boolean; reason: string }> {
  const presence = await financierPresence(store, financier);
  const partial = presence.coFinanced > 0 ? ` (only its co-financing of ${presence.coFinanced} other lenders' projects is)` : '';
  return {
    loaded: presence.lead > 0,
    reason: `no ${financier} projects are loaded${partial}: import its data (its IATI activity file; for the World Bank the projects export or devfin sync worldbank)`,
  };
}

export async function checkClaim(
  store: Store,
  claim: Claim,
  asOf: string,
  today = new Date().toISOString().slice(0, 10),
  subject: ClaimSubject = { kind: 'portfolio' },
): Promise<ClaimCheck> {
  const question = claimQuestion(claim, asOf);
  const { filter } = question;
  const base = { claim, query: filter, definition: question.definition, projects: [], alternatives: [], subject: subjectOf(subject) };
  const claimed = await claimedValue(store, claim, asOf);
  if (claimed.value === null) {
    const reason = claimed.reason ?? 'no value to compare';
    return {
      ...base,
      claimed: null,
      accepted: null,
      figure: null,
      verdict: 'not_verifiable',
      reason,
      finding: `not verifiable: ${reason}`,
    };
  }
  const accepted = acceptedRange(claim, claimed.value);
  const known = { ...base, claimed: claimed.value, accepted };
  const unverifiable = (reason: string, definition = question.definition): ClaimCheck => ({
    ...known,
    definition,
    figure: null,
    verdict: 'not_verifiable',
    reason,
    finding: reason.startsWith('not verifiable') ? reason : `not verifiable: ${reason}`,
  });

  if (subject.kind === 'non_lending') {
    // Lending data says nothing about how long advisory work has run or what it produced.
    const what = subject.work ? `the ${subject.work}, ${subject.cue}` : subject.cue;
    return unverifiable(
      `not verifiable with lending data: the figure is about ${what}, not lending; ${nonLendingRecords(claim.scope.financier, subject.work)} would settle it`,
      `non-lending work: ${what}`,
    );
  }
  if (subject.kind === 'programme' || subject.kind === 'framework') return checkProgrammeClaim(store, claim, subject, known, asOf);

  if (claim.measure === 'count' && !PORTFOLIO_UNITS.test(claim.unit)) {
    return unverifiable(`a count of ${claim.unit} is not a count of projects or loans: the portfolio does not hold it`);
  }
  if (filter.financier) {
    // A financier's own portfolio must be loaded; its co-financing of others' projects is not enough.
    const financier = await financierLoaded(store, filter.financier);
    if (!financier.loaded) return unverifiable(financier.reason);
  }
  const measured = await measure(store, claim, filter, asOf);
  if (measured.figure === null) return unverifiable(measured.reason ?? 'no figure');
  const verdict = verdictOf(accepted, measured.figure);

  if (subject.kind === 'period') {
    // "over the past 30 years" next to "48 projects": the financier has lent there that long.
    const who = `${filter.financier ?? 'any financier'}'s projects${filter.countries ? ` in ${filter.countries.join(', ')}` : ''}`;
    const definition = `the period of ${subject.of.map((t) => `"${t}"`).join(' and ')}: the years from the first of the ${who} to ${asOf}`;
    const first = Number(asOf.slice(0, 4)) - measured.figure;
    return {
      ...known,
      definition,
      figure: measured.figure,
      verdict,
      finding: `${verdict === 'supported' ? 'supported' : 'contradicted'}: the first of the ${who} was approved in ${first}, ${measured.figure} years before ${asOf}; the figures themselves are checked as their own claims`,
    };
  }

  // A year earlier in the data than in the text does not contradict it: "since 2003" may date a
  // programme or a strategy rather than the first project.
  if (claim.measure === 'year' && measured.figure < claimed.value - 1) {
    const reason = `the loaded data has projects from ${measured.figure} on, before ${claimed.value}: the year may date something other than the first project`;
    return { ...known, figure: measured.figure, verdict: 'not_verifiable', reason, finding: `not verifiable: ${reason}` };
  }

  const behind = await portfolioActivities(store, filter, { limit: 50 });
  const projects = behind.items
    .map((a) => ({ id: a.id, title: a.title, status: a.status, approvalDate: a.approvalDate, commitmentUsd: a.commitmentUsd }))
    .sort((a, b) => (b.commitmentUsd ?? 0) - (a.commitmentUsd ?? 0));
  const ignored = question.ignored.length ? { reason: `not taken into account: ${question.ignored.join(', ')}` } : {};
  const show = (figure: number) => (claim.measure === 'amount' ? usd(figure) : String(Math.round(figure * 100) / 100));

  // Planned projects have no approval date to place them in time: the definitions do not apply.
  if ((claim.measure === 'count' || claim.measure === 'amount') && filter.status !== 'pipeline') {
    const search = await searchDefinitions(store, claim, filter, accepted, claimed.value, asOf, today);
    const others = search.definitions.filter((d) => !d.default);
    const listed = (ds: Definition[]) => ds.map((d) => `${d.label}: ${show(d.figure)}`).join('; ');
    const finding =
      verdict === 'supported'
        ? `supported: ${question.definition} gives ${show(measured.figure)}`
        : search.reproducing.length > 0
          ? `reproduced by: ${listed(search.reproducing.slice(0, 5))}${search.reproducing.length > 5 ? ` (and ${search.reproducing.length - 5} more)` : ''}`
          : `no natural definition reproduces it${others.length > 0 ? `; nearest: ${listed(others.slice(0, 3))}` : ''}`;
    return {
      ...known,
      figure: measured.figure,
      verdict,
      projects,
      alternatives: others.slice(0, 8).map((d) => ({ definition: d.label, figure: d.figure, verdict: d.verdict })),
      definitions: search.definitions,
      reproducedBy: search.reproducing.map((d) => d.label),
      finding,
      ...ignored,
    };
  }

  const alternative = async (definition: string, other: ActivityFilter, date = asOf): Promise<DefinitionReading> => {
    const result = await measure(store, claim, other, date);
    return {
      definition,
      figure: result.figure,
      verdict: result.figure === null ? 'not_verifiable' : verdictOf(accepted, result.figure),
    };
  };
  const alternatives = [
    await alternative('the same, including dropped projects', { ...filter, includeDropped: true }),
    await alternative(
      `the same as of today (${today})`,
      { ...filter, asOf: today, to: filter.to && filter.to === asOf ? today : filter.to },
      today,
    ),
    ...(filter.from || filter.to ? [await alternative('the same, with no period', { ...filter, from: undefined, to: undefined })] : []),
  ];
  return {
    ...known,
    figure: measured.figure,
    verdict,
    projects,
    alternatives,
    finding: `${verdict}: ${question.definition} gives ${show(measured.figure)}`,
    ...ignored,
  };
}

/**
 * A claim about a programme or framework: a year or a duration against the definition's own dates;
 * a count or an amount against the programme's projects. Where the programme is open to any
 * financier (CAREC: ADB's and governments' own money too), the loaded data is a part of its
 * figure: it can bear out "over $9bn" but not refute "about $51bn", and the answer says what it covers.
 */
async function checkProgrammeClaim(
  store: Store,
  claim: Claim,
  subject: Extract<ClaimSubject, { kind: 'programme' | 'framework' }>,
  known: Omit<ClaimCheck, 'figure' | 'verdict' | 'finding'> & { claimed: number; accepted: Accepted },
  asOf: string,
): Promise<ClaimCheck> {
  const { programme } = subject;
  const what = `${subject.kind === 'framework' ? 'the framework' : 'the programme'} ${programme.name} (${programme.title})`;
  const { accepted } = known;
  if (claim.measure === 'year' || claim.measure === 'duration') {
    const definition = `the dates of ${what} in its definition`;
    if (!programme.from) {
      const reason = `${what} has no start date in its definition (programmes/*.yaml)`;
      return { ...known, definition, figure: null, verdict: 'not_verifiable', reason, finding: `not verifiable: ${reason}` };
    }
    const runs = `runs from ${programme.from}${programme.to ? ` to ${programme.to}` : ''}`;
    const startYear = Number(programme.from.slice(0, 4));
    if (claim.measure === 'year') {
      // "from 2020 to 2025": the end year is checked too, at the same precision (a fiscal year starts in the calendar year before).
      const end = /(\d{4})\s*[-–]\s*(\d{4})/.exec(claim.scope.period ?? '');
      const endAgrees = !end || !programme.to || Math.abs(Number(end[2]) - Number(programme.to.slice(0, 4))) <= 1;
      const verdict = verdictOf(accepted, startYear) === 'supported' && endAgrees ? 'supported' : 'contradicted';
      return { ...known, definition, figure: startYear, verdict, finding: `${verdict}: ${what} ${runs}` };
    }
    const until = programme.to && programme.to < asOf ? programme.to : asOf;
    const years = Number(until.slice(0, 4)) - startYear;
    const verdict = verdictOf(accepted, years);
    return { ...known, definition, figure: years, verdict, finding: `${verdict}: ${what} ${runs}, ${years} years by ${until}` };
  }
  if (claim.measure !== 'count' && claim.measure !== 'amount') {
    const reason = `a ${claim.measure} needs figures the portfolio does not hold (totals of other lenders or of the economy)`;
    return { ...known, figure: null, verdict: 'not_verifiable', reason, finding: `not verifiable: ${reason}` };
  }

  // The programme's projects, in the claim's country when it is a member (a region named is the programme's own).
  const country = claim.scope.country && programme.countries.includes(claim.scope.country) ? claim.scope.country : null;
  const financier = claim.scope.financier && claim.scope.financier !== subject.named ? claim.scope.financier : null;
  const question = claimQuestion({ ...claim, scope: { ...claim.scope, country, financier } }, asOf);
  const filter: ActivityFilter = { ...question.filter, programme };
  const definition = question.definition.replace(/^projects /, `projects of ${programme.name} (devfin's definition), `);
  const measured = await measure(store, claim, filter, asOf);
  const figure = measured.figure ?? 0;
  const verdict = verdictOf(accepted, figure);
  const behind = await portfolioActivities(store, filter, { limit: 50 });
  const projects = behind.items
    .map((a) => ({ id: a.id, title: a.title, status: a.status, approvalDate: a.approvalDate, commitmentUsd: a.commitmentUsd }))
    .sort((a, b) => (b.commitmentUsd ?? 0) - (a.commitmentUsd ?? 0));
  const show = (value: number) => (claim.measure === 'amount' ? usd(value) : String(value));

  // Complete when the definition names its financiers and each one's own portfolio is loaded.
  let complete = Boolean(programme.financiers?.length);
  for (const f of programme.financiers ?? []) if (!(await financierLoaded(store, f)).loaded) complete = false;
  const lowerBound = claim.qualifier === 'over' || claim.qualifier === 'at_least';
  if (complete || (verdict === 'supported' && lowerBound)) {
    const finding = `${verdict}: ${definition} gives ${show(figure)}${complete ? '' : ' from the loaded data alone'}`;
    return { ...known, query: filter, definition, figure, verdict, projects, finding };
  }

  const byFinancier = await portfolioSummary(store, filter, 'financier');
  const total = byFinancier.total;
  const sources = byFinancier.rows
    .slice(0, 3)
    .map((r) => `${r.key} (${r.activities})`)
    .join(', ');
  const count = (name: string) => byFinancier.rows.find((r) => r.key.toLowerCase() === name.toLowerCase())?.activities ?? 0;
  // Partners named with the programme whose projects are (almost) absent from the loaded data.
  const missing = subject.partners.filter((p) => count(p) < Math.max(1, total.activities * 0.1));
  const missingWords = missing.map(
    (p) =>
      `the ${p}'s (${count(p) === 0 ? 'none' : `only ${count(p)}`} of its ${programme.name} projects ${count(p) === 1 ? 'is' : 'are'} loaded)`,
  );
  const where = country ? ` in ${country}` : ` in its ${programme.countries.length} member countries`;
  const reason =
    `the loaded data holds ${total.activities} ${programme.name} projects${where} (${usd(total.commitmentUsd)}) approved by ${asOf}` +
    `${sources ? `, from ${sources}${byFinancier.rows.length > 3 ? ', …' : ''}` : ''}; the programme's own figure also counts money devfin does not hold: ` +
    `${[...missingWords, "governments' own"].join(' and ')}; ` +
    `${missing.length > 0 ? `the ${missing.join(' and the ')}'s project data` : "the programme partners' own project data"} would settle it`;
  return {
    ...known,
    query: filter,
    definition,
    figure,
    verdict: 'not_verifiable',
    projects,
    reason,
    finding: `not verifiable: ${reason}`,
  };
}
