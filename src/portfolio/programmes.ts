// Programmes and frameworks by name, for filters (--programme CAREC), for listing, and for pages
// that show a programme's members (the dashboard's region map); and a programme's report: its
// members with the evidence of each, its parts, and its published figures beside devfin's.
import { describeRule, membershipRules, type Programme, type ProgrammeReference, partRules } from '../model/programme.js';
import { programmeSource, readProgrammes } from '../sources/programmes.js';
import { activitiesMeetingRules } from '../store/activityQueries.js';
import type { Store } from '../store/open.js';
import { portfolioActivities } from './activities.js';
import { DEFAULT_CURRENCY } from './currency.js';
import { portfolioSummary, type Summary } from './summary.js';

export async function listProgrammes(): Promise<Programme[]> {
  return readProgrammes();
}

/** The programme with this name (any case), or undefined. */
export async function programmeNamed(name: string): Promise<Programme | undefined> {
  const wanted = name.trim().toLowerCase();
  return (await readProgrammes()).find((p) => p.name.toLowerCase() === wanted);
}

/** The programme with this name (any case), or an error that lists the known names. */
export async function findProgramme(name: string): Promise<Programme> {
  const found = await programmeNamed(name);
  if (found) return found;
  const known = (await readProgrammes()).map((p) => p.name).join(', ') || 'none';
  throw new Error(`unknown programme "${name}"; known: ${known}`);
}

export interface ProgrammeMember {
  id: string;
  title: string | null;
  countries: string[];
  financiers: string[];
  approvalDate: string | null;
  /** null when none of its records reports commitments. */
  commitmentUsd: number | null;
  /** The ISO 4217 code of `commitment`. */
  currency: string;
  /** In `currency`; null also when none of its amounts has a rate of that currency for its date. */
  commitment: number | null;
  /** Why it is a member: each rule it meets, in words ("its title names CAREC", "DAC sector 210"), and the places it names. */
  evidence: string[];
  /** The parts whose rules it meets. */
  parts: string[];
}

/** A published figure beside devfin's figure for the same thing on the same day. */
export interface ReferenceComparison extends ProgrammeReference {
  /** devfin's figure as of `asOf` (the financier's share when one is named); null where devfin has none. */
  devfin: number | null;
  /** devfin's figure minus the published one; null where devfin has none. */
  difference: number | null;
  /** Why the two differ, in words: what devfin's figure covers and what it cannot. */
  explanation: string;
}

export interface ProgrammeReport extends Programme {
  /** devfin's figures for the programme now (members on record, not dropped). */
  /** Sums null where no member reports the measure. */
  figures: {
    projects: number;
    commitmentUsd: number | null;
    disbursementUsd: number | null;
    commitment: number | null;
    disbursement: number | null;
  };
  /** The ISO 4217 code of `commitment` and `disbursement` (the comparisons with published figures stay in USD, as published). */
  currency: string;
  partCounts: { part: string; projects: number }[];
  comparisons: ReferenceComparison[];
  members: ProgrammeMember[];
  /** Rules that find no member in the store, members in several parts. */
  warnings: string[];
  notes: string[];
}

/** Everything `programmes show` and /api/programmes/{name} answer. */
export async function programmeReport(store: Store, programme: Programme, currency = DEFAULT_CURRENCY): Promise<ProgrammeReport> {
  const list = await portfolioActivities(store, { programme }, {}, currency);
  // The members by id from here on: the same projects as the programme's rules give, found by key.
  const ids = list.items.map((item) => item.id);
  const summary = await portfolioSummary(store, { ids }, 'financier', { currency });
  const rules = membershipRules(programme);
  const parts = partRules(programme);
  const places = Object.entries(programme.places ?? {}).flatMap(([country, names]) => names.map((name) => ({ country, name })));
  const found = await activitiesMeetingRules(store, programme, ids, [
    ...rules,
    ...parts,
    ...places.map((p) => ({ kind: 'place' as const, value: p.name })),
  ]);
  const evidence = new Map<string, string[]>();
  const partsOf = new Map<string, Set<string>>();
  const add = (map: Map<string, string[]>, id: string, text: string) => map.set(id, [...(map.get(id) ?? []), text]);
  rules.forEach((rule, i) => {
    for (const id of found[i] ?? []) add(evidence, id, describeRule(rule));
  });
  parts.forEach((rule, i) => {
    for (const id of found[rules.length + i] ?? []) partsOf.set(id, (partsOf.get(id) ?? new Set()).add(rule.part as string));
  });
  const inPlace = new Map<string, string[]>();
  places.forEach((place, i) => {
    for (const id of found[rules.length + parts.length + i] ?? []) add(inPlace, id, `names ${place.name} (${place.country})`);
  });
  const scope = scopeInWords(programme);
  const members = list.items.map((item): ProgrammeMember => {
    const restricted = item.countries.filter((c) => programme.places?.[c]);
    // A member found by a keyword rule in a country with places is there because it names one.
    const where = restricted.length > 0 ? (inPlace.get(item.id) ?? []) : [];
    return {
      id: item.id,
      title: item.title,
      countries: item.countries,
      financiers: item.financiers,
      approvalDate: item.approvalDate,
      commitmentUsd: item.commitmentUsd,
      currency: item.currency,
      commitment: item.commitment,
      evidence: [...(evidence.get(item.id) ?? (rules.length === 0 ? [scope] : [])), ...where],
      parts: [...(partsOf.get(item.id) ?? [])],
    };
  });

  const warnings: string[] = [];
  const source = programmeSource(programme);
  const at = (path: string) => `${source?.file ?? programme.name}:${source?.lines.get(path) ?? '?'}`;
  [...rules, ...parts].forEach((rule, i) => {
    if ((found[i] ?? []).length === 0)
      warnings.push(`${at(rule.path)}: ${rule.path} (${JSON.stringify(rule.value)}) finds no member in the store`);
  });
  const several = members.filter((m) => m.parts.length > 1);
  if (several.length > 0) {
    warnings.push(
      `${several.length} members are in more than one part (e.g. ${several[0]?.id}: ${several[0]?.parts.join(', ')}): part counts add up to more than the programme's ${members.length}`,
    );
  }

  return {
    ...programme,
    figures: {
      projects: summary.total.activities,
      commitmentUsd: summary.total.commitmentUsd,
      disbursementUsd: summary.total.disbursementUsd,
      commitment: summary.total.commitment,
      disbursement: summary.total.disbursement,
    },
    currency,
    partCounts: (programme.parts ?? []).map((p) => ({ part: p.name, projects: members.filter((m) => m.parts.includes(p.name)).length })),
    comparisons: await compareReferences(
      store,
      programme,
      ids,
      summary.rows.map((r) => r.key),
    ),
    members,
    warnings,
    notes: summary.notes,
  };
}

function scopeInWords(programme: Programme): string {
  const parts = [`a project in ${programme.countries.join(', ')}`];
  if (programme.financiers?.length) parts.push(`financed by ${programme.financiers.join(' or ')}`);
  if (programme.from || programme.to) parts.push(`approved ${programme.from ?? '…'} to ${programme.to ?? '…'}`);
  return `${parts.join(', ')} (the definition has no match rules)`;
}

/** Each published figure with devfin's for the same day (and financier), the difference, and why they differ. */
async function compareReferences(
  store: Store,
  programme: Programme,
  ids: string[],
  financiersHeld: string[],
): Promise<ReferenceComparison[]> {
  const references = programme.reference ?? [];
  const summaries: (Summary | null)[] = [];
  for (const reference of references)
    summaries.push(
      reference.share ? null : await portfolioSummary(store, { ids, asOf: reference.asOf, financier: reference.financier }, 'financier'),
    );
  // What devfin's sources do not report: the shares no filter expresses, the financiers it holds no member of.
  const notHeld = references
    .filter((r, i) => r.share || (r.financier && summaries[i]?.total.activities === 0))
    .map((r) => r.share ?? r.financier);
  const held = `${financiersHeld.slice(0, 6).join(', ')}${financiersHeld.length > 6 ? ' and others' : ''}`;
  return references.map((reference, i) => {
    const note = reference.note ? ` ${reference.note}` : '';
    const summary = summaries[i];
    if (!summary) {
      return {
        ...reference,
        devfin: null,
        difference: null,
        explanation: `devfin has no figure for ${reference.share}: none of the sources it reads reports it.${note}`,
      };
    }
    const figure = reference.figure === 'projects' ? summary.total.activities : summary.total[reference.figure];
    const devfin = figure === null ? null : Math.round(figure);
    let explanation: string;
    if (reference.financier) {
      explanation =
        summary.total.activities === 0
          ? `devfin holds no member financed by ${reference.financier}: its sources (the World Bank's export, the IATI files loaded) do not report that financier's own projects.`
          : `devfin's figure is ${reference.financier}'s share of the members it holds approved by ${reference.asOf}.`;
    } else {
      explanation =
        `devfin's figure covers the members it holds approved by ${reference.asOf}, financed by ${held || 'no one'}` +
        (notHeld.length > 0 ? `; it cannot include what its sources do not report (${[...new Set(notHeld)].join('; ')}).` : '.');
    }
    return { ...reference, devfin, difference: devfin === null ? null : devfin - reference.value, explanation: `${explanation}${note}` };
  });
}
