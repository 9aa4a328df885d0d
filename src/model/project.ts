// One project, several sources: the World Bank's export (or API) and its IATI file describe the
// same project P123456 (IATI identifier 44000-P123456). They are kept as separate source records
// and merged into one portfolio entry, so that totals never count a project twice.
import type { Activity } from './activity.js';
import type { Provenance } from './provenance.js';

/** The key that identifies a project across sources. */
export function projectKey(record: Pick<Activity, 'id'>): string {
  // The World Bank publishes its projects in IATI as "44000-" + the project id.
  return /^44000-(P\d+)$/.exec(record.id)?.[1] ?? record.id;
}

/**
 * Which source's facts win when two records of one project disagree: lower wins. The export comes
 * before the API because only the export lists co-financiers, sectors, themes and locations.
 */
const SOURCE_PRIORITY: Record<Provenance['source'], number> = { manual: 0, worldbank: 1, 'worldbank-api': 2, iati: 3 };

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
  const ordered = [...records].sort(
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
    records: ordered.map((r) => ({ id: r.id, provenance: r.provenance })),
    fieldSources,
  };
}
