// The natural definitions of a portfolio figure ("48 projects", "$8bn"), and which of them give the
// claimed figure. Official figures count differently from a plain reading: one lending window
// (IBRD, IDA), completed projects only, dropped ones too, a period by closing date, an older date.
// The search is over a handful of dimensions; the projects are listed once per window and every
// definition is counted from those lists in memory.
import type { ActivityFilter } from '../model/filter.js';
import type { Claim } from '../model/statement.js';
import { type ActivityStatus, isActivityStatus, statusOnDay } from '../model/status.js';
import { ConversionNotes, moneyByKey } from '../portfolio/measures.js';
import { referenceData } from '../portfolio/referenceCache.js';
import { type ActivityListRow, listActivities, sumMeasuresByActivity } from '../store/activityQueries.js';
import type { Store } from '../store/open.js';
import type { Accepted, Verdict } from './checkClaim.js';
import { periodOf } from './claimQuestion.js';

/** Which statuses a definition counts: on its as-of date, with or without dropped projects. */
export type StatusSet = 'active' | 'closed' | 'all' | 'pipeline';

export interface Definition {
  /** In words: "World Bank, KZ, approved 1993-05-10..2023-05-10, closed only, as of 2023-05-10". */
  label: string;
  /** The financier or one of its lending windows: "World Bank", "IBRD", "IDA", "IBRD and IDA". */
  window: string;
  statuses: StatusSet;
  includesDropped: boolean;
  /** The claim's period applied to approval dates, to closing dates, or not at all (null). */
  period: { by: 'approval' | 'closing'; from: string; to: string } | null;
  asOf: string;
  figure: number;
  verdict: Verdict;
  /** The claim's own reading: its financier, status and period by approval date, as of the statement date. */
  default: boolean;
}

interface Window {
  name: string;
  /** The financier names (or aliases) whose projects and amounts make the window. */
  parts: string[];
}

/** A financier's lending windows; the World Bank lends through IBRD and IDA (and trust funds). */
function windowsOf(financier: string | undefined): Window[] {
  if (!financier) return [{ name: 'all financiers', parts: [] }];
  if (/^(?:world bank|world bank group|wbg)$/i.test(financier.trim())) {
    return [
      { name: financier, parts: [financier] },
      { name: 'World Bank: IBRD and IDA', parts: ['IBRD', 'IDA'] },
      { name: 'World Bank: IBRD', parts: ['IBRD'] },
      { name: 'World Bank: IDA', parts: ['IDA'] },
    ];
  }
  return [{ name: financier, parts: [financier] }];
}

function statusCounts(set: StatusSet, includesDropped: boolean, status: string | null): boolean {
  if (status === 'dropped') return includesDropped;
  switch (set) {
    case 'all':
      return true;
    default:
      return status === set;
  }
}

const STATUS_WORDS: Record<StatusSet, [string, string]> = {
  active: ['active only', 'active or dropped'],
  closed: ['closed only', 'closed or dropped'],
  all: ['all but dropped', 'all, dropped included'],
  pipeline: ['in the pipeline', 'in the pipeline or dropped'],
};

function defaultStatus(claim: Claim): StatusSet {
  switch (claim.scope.status) {
    case 'active':
      return 'active';
    case 'closed':
      return 'closed';
    case 'planned':
      return 'pipeline';
    default:
      return 'all';
  }
}

/** How far a figure is from the accepted range, relative to the claimed value (0: inside). */
export function distance(accepted: Accepted, claimed: number, figure: number): number {
  const below = accepted.min !== null && figure < accepted.min ? accepted.min - figure : 0;
  const above = accepted.max !== null && figure > accepted.max ? figure - accepted.max : 0;
  return (below + above) / Math.max(Math.abs(claimed), 1);
}

export interface DefinitionSearch {
  /** Distinct definitions (two that count the same projects are one, the simpler kept), nearest first. */
  definitions: Definition[];
  /** The definitions other than the claim's own reading that give the claimed figure. */
  reproducing: Definition[];
}

/**
 * Every natural definition of a count or amount claim: window × status set (with and without
 * dropped) × period (by approval, by closing date, none) × as-of date (the statement's, today).
 * `filter` is the claim's own question (claimQuestion): its place and financier are kept.
 */
export async function searchDefinitions(
  store: Store,
  claim: Claim,
  filter: ActivityFilter,
  accepted: Accepted,
  claimed: number,
  asOf: string,
  today: string,
): Promise<DefinitionSearch> {
  const place = { countries: filter.countries, region: filter.region, programme: filter.programme, includeDropped: true };
  const windows = windowsOf(filter.financier);
  const parts = [...new Set(windows.flatMap((w) => w.parts))];
  // One list per financier name: the first (the whole financier) holds every project; the others say which window each is in.
  const lists = new Map<string, ActivityListRow[]>();
  for (const part of parts.length > 0 ? parts : [''])
    lists.set(part, await listActivities(store, { ...place, financier: part || undefined }));
  const projects = lists.get(parts[0] ?? '') ?? [];
  const inPart = new Map([...lists].map(([part, rows]) => [part, new Set(rows.map((r) => r.id))]));

  const dates = [...new Set([asOf, today])];
  // Amounts: each window part's commitments per project, as of each date (value dates up to then).
  const money = new Map<string, Map<string, number>>();
  if (claim.measure === 'amount') {
    const { converter } = await referenceData(store);
    for (const part of parts.length > 0 ? parts : ['']) {
      for (const day of dates) {
        const sums = await sumMeasuresByActivity(store, { ...place, financier: part || undefined, asOf: day });
        const usd = moneyByKey(sums, converter, new ConversionNotes());
        money.set(`${part}\u0000${day}`, new Map([...usd].map(([id, m]) => [id, m.commitmentUsd])));
      }
    }
  }

  /** A project's commitments in a window's parts, as of a day. */
  const commitment = (window: Window, day: string, id: string) =>
    (window.parts.length > 0 ? window.parts : ['']).reduce((sum, part) => sum + (money.get(`${part}\u0000${day}`)?.get(id) ?? 0), 0);

  const where = filter.countries?.join('+') ?? filter.region ?? filter.programme?.name ?? 'all countries';
  const ownStatus = defaultStatus(claim);
  const statusSets: StatusSet[] = ownStatus === 'pipeline' ? ['pipeline'] : ['all', 'closed', 'active'];
  const found: (Definition & { changes: number; members: string })[] = [];
  for (const [w, window] of windows.entries()) {
    for (const day of dates) {
      const period = periodOf(claim.scope.period, day);
      const periods = period?.from && period.to ? (['approval', 'closing', null] as const) : ([null] as const);
      for (const by of periods) {
        for (const statuses of statusSets) {
          for (const includesDropped of [false, true]) {
            const members = projects.filter((p) => {
              if (!p.approvalDate || p.approvalDate > day) return false;
              if (window.parts.length > 0 && !window.parts.some((part) => inPart.get(part)?.has(p.id))) return false;
              if (
                !statusCounts(
                  statuses,
                  includesDropped,
                  statusOnDay({ status: asStatus(p.sourceStatus), statusDate: p.statusDate, closingDate: p.closingDate }, day),
                )
              )
                return false;
              if (by && period?.from && period.to) {
                const date = by === 'approval' ? p.approvalDate : p.closingDate;
                if (!date || date < period.from || date > period.to) return false;
              }
              return true;
            });
            const figure = claim.measure === 'amount' ? members.reduce((sum, p) => sum + commitment(window, day, p.id), 0) : members.length;
            const periodWords =
              by && period ? `${by === 'approval' ? 'approved' : 'closing'} ${period.from}..${period.to}` : 'any approval date';
            const changes =
              (w > 0 ? 1 : 0) +
              (day !== asOf ? 1 : 0) +
              ((by === 'approval') !== Boolean(period?.from && period.to) ? 1 : 0) +
              (by === 'closing' ? 1 : 0) +
              (statuses !== ownStatus ? 1 : 0) +
              (includesDropped ? 1 : 0);
            found.push({
              label: `${window.name}, ${where}, ${periodWords}, ${STATUS_WORDS[statuses][includesDropped ? 1 : 0]}, as of ${day}`,
              window: window.name,
              statuses,
              includesDropped,
              period: by && period?.from && period.to ? { by, from: period.from, to: period.to } : null,
              asOf: day,
              figure,
              verdict: distance(accepted, claimed, figure) === 0 ? 'supported' : 'contradicted',
              default: changes === 0,
              changes,
              members: `${window.name}|${day}|${members.map((m) => m.id).join(',')}`,
            });
          }
        }
      }
    }
  }
  // Nearest first; of definitions that count the same projects (money of the same window on the same day), the simplest.
  found.sort((a, b) => distance(accepted, claimed, a.figure) - distance(accepted, claimed, b.figure) || a.changes - b.changes);
  const seen = new Set<string>();
  const definitions: Definition[] = [];
  for (const { changes: _changes, members, ...definition } of found) {
    const key = claim.measure === 'amount' ? members : members.slice(members.lastIndexOf('|') + 1);
    if (seen.has(key) && !definition.default) continue;
    seen.add(key);
    definitions.push(definition);
  }
  return { definitions, reproducing: definitions.filter((d) => !d.default && d.verdict === 'supported') };
}

function asStatus(status: string | null): ActivityStatus | null {
  return status !== null && isActivityStatus(status) ? status : null;
}
