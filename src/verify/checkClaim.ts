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

export type Verdict = 'supported' | 'contradicted' | 'not_verifiable';

export interface Reading {
  definition: string;
  figure: number | null;
  verdict: Verdict;
}

export interface ClaimCheck extends Reading {
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
  alternatives: Reading[];
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
    case 'amount':
      return { figure: (await portfolioSummary(store, filter, 'status')).total.commitmentUsd };
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

export async function checkClaim(
  store: Store,
  claim: Claim,
  asOf: string,
  today = new Date().toISOString().slice(0, 10),
): Promise<ClaimCheck> {
  const question = claimQuestion(claim, asOf);
  const { filter } = question;
  const base = { claim, query: filter, definition: question.definition, projects: [], alternatives: [] };
  const claimed = await claimedValue(store, claim, asOf);
  if (claimed.value === null)
    return { ...base, claimed: null, accepted: null, figure: null, verdict: 'not_verifiable', reason: claimed.reason };
  const accepted = acceptedRange(claim, claimed.value);
  const known = { ...base, claimed: claimed.value, accepted };
  if (filter.financier) {
    // A financier's own portfolio must be loaded; its co-financing of others' projects is not enough.
    const presence = await financierPresence(store, filter.financier);
    if (presence.lead === 0) {
      const partial = presence.coFinanced > 0 ? ` (only its co-financing of ${presence.coFinanced} other lenders' projects is)` : '';
      return {
        ...known,
        figure: null,
        verdict: 'not_verifiable',
        reason: `no ${filter.financier} projects are loaded${partial}: import its data (its IATI activity file; for the World Bank the projects export or devfin sync worldbank)`,
      };
    }
  }
  const measured = await measure(store, claim, filter, asOf);
  if (measured.figure === null) return { ...known, figure: null, verdict: 'not_verifiable', reason: measured.reason };
  const verdict = verdictOf(accepted, measured.figure);
  // A year earlier in the data than in the text does not contradict it: "since 2003" may date a
  // programme or a strategy rather than the first project.
  if (claim.measure === 'year' && measured.figure < claimed.value - 1) {
    return {
      ...known,
      figure: measured.figure,
      verdict: 'not_verifiable',
      reason: `the loaded data has projects from ${measured.figure} on, before ${claimed.value}: the year may date something other than the first project`,
    };
  }

  const alternative = async (definition: string, other: ActivityFilter, date = asOf): Promise<Reading> => {
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
    ...(filter.financier?.toLowerCase() === 'world bank' && claim.measure !== 'year'
      ? [
          await alternative('IBRD loans only', { ...filter, financier: 'IBRD' }),
          await alternative('IDA credits and grants only', { ...filter, financier: 'IDA' }),
        ]
      : []),
    ...(claim.measure === 'count' && filter.status !== 'active'
      ? [await alternative('active projects only', { ...filter, status: 'active' })]
      : []),
  ];
  const behind = await portfolioActivities(store, filter, { limit: 50 });
  const projects = behind.items
    .map((a) => ({ id: a.id, title: a.title, status: a.status, approvalDate: a.approvalDate, commitmentUsd: a.commitmentUsd }))
    .sort((a, b) => (b.commitmentUsd ?? 0) - (a.commitmentUsd ?? 0));
  return {
    ...known,
    figure: measured.figure,
    verdict,
    projects,
    alternatives,
    ...(question.ignored.length ? { reason: `not taken into account: ${question.ignored.join(', ')}` } : {}),
  };
}
