// One project, several sources: the World Bank's export (or API) and its IATI file describe the
// same project P123456 (IATI identifier 44000-P123456). They are kept as separate source records
// and merged into one portfolio entry, so that totals never count a project twice.
import type { Activity } from './activity.js';
import type { Provenance } from './provenance.js';

/** The key that identifies a project across sources. */
export function projectKey(record: Pick<Activity, 'id'>): string {
  // The World Bank publishes its projects in IATI as "44000-" + the project id.
  const worldBank = /^44000-(P\d+)$/.exec(record.id)?.[1];
  if (worldBank) return worldBank;
  // ADB publishes one IATI activity per loan or grant of a project: "46004-" (or "XM-DAC-46004-")
  // + the project number + the loan, e.g. 46004-54188-001-LN3940 for loan 3940 of project
  // 54188-001, the number ADB's own project list gives.
  return /^(?:XM-DAC-)?46004-(\d{5}-\d{3})(?:-[A-Z0-9]+)?$/.exec(record.id)?.[1] ?? record.id;
}

/**
 * Which source's facts win when two records of one project disagree: lower wins. The export comes
 * before the API because only the export lists co-financiers, sectors, themes and locations.
 */
const SOURCE_PRIORITY: Record<Provenance['source'], number> = {
  manual: 0,
  worldbank: 1,
  'worldbank-api': 2,
  // The banks' own project lists name the project as the bank counts it (approval, status, amount);
  // IATI adds the transactions.
  adb: 3,
  ebrd: 3,
  aiib: 3,
  iati: 4,
};

export interface SourceRef {
  id: string;
  provenance: Provenance;
}

/** The merged activity, the records it came from, and for each field the record that gave it. */
export interface MergedActivity extends Activity {
  records: SourceRef[];
  fieldSources: Partial<Record<keyof Activity, string>>;
}

const isEmpty = (value: unknown): boolean =>
  value == null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0);

/**
 * Each field comes whole from the highest-priority record that has it (a list is never mixed
 * from two records, so amounts cannot be counted twice). The merged id is the project key.
 */
export function mergeRecords(records: Activity[]): MergedActivity {
  const ordered = combineParts(records).sort(
    (a, b) => SOURCE_PRIORITY[a.provenance.source] - SOURCE_PRIORITY[b.provenance.source] || a.id.localeCompare(b.id),
  );
  const [primary] = ordered;
  if (!primary) throw new Error('mergeRecords needs at least one record');
  const merged = { ...primary } as Record<string, unknown>;
  const fieldSources: Partial<Record<keyof Activity, string>> = {};
  for (const field of Object.keys(primary) as (keyof Activity)[]) {
    if (field === 'id' || field === 'provenance') continue;
    const giver = ordered.find((record) => !isEmpty(record[field])) ?? primary;
    merged[field] = giver[field];
    fieldSources[field] = giver.id;
  }
  merged.id = projectKey(primary);
  return {
    ...(merged as unknown as Activity),
    records: [...records]
      .sort((a, b) => SOURCE_PRIORITY[a.provenance.source] - SOURCE_PRIORITY[b.provenance.source] || a.id.localeCompare(b.id))
      .map((r) => ({ id: r.id, provenance: r.provenance })),
    fieldSources,
  };
}

/**
 * Several records of one source for one project are parts of it, not versions (ADB's IATI file has
 * one activity per loan and grant of a project): each part's money, places and documents are its
 * own, so those lists are joined; everything else comes from the first part by id.
 */
function combineParts(records: Activity[]): Activity[] {
  const bySource = new Map<string, Activity[]>();
  for (const record of records) bySource.set(record.provenance.source, [...(bySource.get(record.provenance.source) ?? []), record]);
  return [...bySource.values()].map((parts) => {
    if (parts.length === 1) return parts[0] as Activity;
    const [first, ...rest] = [...parts].sort((a, b) => a.id.localeCompare(b.id)) as [Activity, ...Activity[]];
    const countries = new Map(first.recipientCountries.map((c) => [c.code, c]));
    for (const part of rest)
      for (const c of part.recipientCountries) if (!countries.has(c.code)) countries.set(c.code, { ...c, percentage: null });
    return {
      ...first,
      recipientCountries: [...countries.values()],
      transactions: parts.flatMap((p) => p.transactions),
      budgets: parts.flatMap((p) => p.budgets),
      financing: parts.flatMap((p) => p.financing),
      locations: parts.flatMap((p) => p.locations),
      documents: parts.flatMap((p) => p.documents),
      approvalDate: first.approvalDate ?? rest.find((p) => p.approvalDate)?.approvalDate ?? null,
    };
  });
}
