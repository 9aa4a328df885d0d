// How a record and a merged project are laid out over the store's tables.
import type { Insertable } from 'kysely';
import type { Activity } from '../model/activity.js';
import {
  approvalDate,
  closingDate,
  financierName,
  financiers,
  measureFlows,
  objective,
  preferredText,
  recipientCountries,
} from '../model/activityFacts.js';
import type { CorrectedActivity } from '../model/manualRecord.js';
import { toHundredths } from '../model/money.js';
import { type MergedActivity, mergeRecords, projectKey } from '../model/project.js';
import type { Provenance } from '../model/provenance.js';
import { sectorSharesByVocabulary } from '../model/sectorVocabularies.js';
import type { RowWriter } from './bulkInsert.js';
import type { Tables } from './tables.js';

/**
 * Records an import writes at a time (importRecords.ts; the read-ahead thread sends the first of
 * a file as soon as it has this many): large enough to amortise the queries, small enough to keep
 * memory flat. Records held longer outlive the young generation of the heap, and the old one then
 * grows with garbage: 50 instead of 200 took some 30 MB off the peak of a 520 MB import, at no cost
 * in speed.
 */
export const IMPORT_BATCH = 50;

export interface ProjectRows {
  activity: Insertable<Tables['activity']>;
  activity_financier: Insertable<Tables['activity_financier']>[];
  activity_country: Insertable<Tables['activity_country']>[];
  activity_region: Insertable<Tables['activity_region']>[];
  activity_sector: Insertable<Tables['activity_sector']>[];
  activity_org: Insertable<Tables['activity_org']>[];
  activity_location: Insertable<Tables['activity_location']>[];
  money_flow: Insertable<Tables['money_flow']>[];
}

export const PROJECT_CHILD_TABLES = [
  'activity_financier',
  'activity_country',
  'activity_region',
  'activity_sector',
  'activity_org',
  'activity_location',
  'money_flow',
] as const;

/** The record as stored in `doc`: everything but provenance, which has its own columns. */
export function recordDoc(record: Activity): string {
  const { provenance: _provenance, ...rest } = record;
  return JSON.stringify(rest);
}

/** What an import decides by, before it needs the whole activity. */
export type RecordHead = Pick<Activity, 'id' | 'lastUpdated' | 'provenance'>;

/**
 * An activity laid out for the store by the thread that read it (see ingest/readAhead): its document,
 * the fields the import decides by, and, if that thread had the time, the rows of the project the
 * activity makes when it is the project's only record. The importer parses the document back only
 * when the project has other records to merge with, or no rows came.
 */
export interface PreparedActivity extends RecordHead {
  kind: 'prepared-activity';
  doc: string;
  rows: ProjectRows | null;
}

export function prepareActivity(record: Activity, withRows: boolean): PreparedActivity {
  return {
    kind: 'prepared-activity',
    id: record.id,
    lastUpdated: record.lastUpdated,
    provenance: record.provenance,
    doc: recordDoc(record),
    rows: withRows ? projectRows(mergeRecords([record])) : null,
  };
}

/**
 * The record a stored document was made from (as JSON keeps it: properties that were undefined are
 * absent). Documents stored before themes had a field of their own have none there (migration
 * 0006-sector-vocabulary moved the World Bank's out of their sectors).
 */
export function recordFromDoc(doc: string, provenance: Provenance): Activity {
  const record = JSON.parse(doc) as Omit<Activity, 'provenance'>;
  return { ...record, themes: record.themes ?? [], provenance };
}

export function sourceRecordRow(record: RecordHead, sourceFile: string | null, doc: string): Insertable<Tables['source_record']> {
  return {
    id: record.id,
    project_id: projectKey(record),
    source: record.provenance.source,
    last_updated: record.lastUpdated,
    source_file: sourceFile,
    source_line: record.provenance.line,
    imported_at: record.provenance.importedAt,
    doc,
  };
}

/** The project's places that have coordinates; a place without a point cannot go on a map. */
export function locationRows(project: MergedActivity): Insertable<Tables['activity_location']>[] {
  return project.locations.flatMap((location, position) =>
    location.point
      ? [
          {
            activity_id: project.id,
            position,
            ref: location.ref,
            name: preferredText(location.names),
            lat: location.point.lat,
            lon: location.point.lon,
          },
        ]
      : [],
  );
}

/**
 * The day the project's status is known on: the last-updated date of the record that gave the
 * status, else the day that record was imported (its status was true at the latest then).
 */
export function statusDate(project: MergedActivity): string | null {
  const giver = project.fieldSources.status;
  if (!giver) return null;
  // A status set by hand (model/manualRecord.ts) is known from the day it was set.
  const corrected = (project as Partial<CorrectedActivity>).corrections?.find((c) => c.field === 'status');
  if (corrected) return corrected.at.slice(0, 10);
  if (project.fieldSources.lastUpdated === giver && project.lastUpdated) return project.lastUpdated.slice(0, 10);
  return project.records.find((r) => r.id === giver)?.provenance.importedAt.slice(0, 10) ?? null;
}

export function projectRows(project: MergedActivity): ProjectRows {
  const activity_id = project.id;
  return {
    activity: {
      id: activity_id,
      source: project.provenance.source,
      records: project.records.length,
      reporting_org_ref: project.reportingOrg.ref,
      financier: financierName(project),
      title: preferredText(project.titles),
      objective: objective(project),
      status: project.status,
      status_code: project.statusCode,
      status_date: statusDate(project),
      approval_date: approvalDate(project),
      closing_date: closingDate(project),
      instrument: project.instrument,
    },
    activity_financier: financiers(project).map((f) => ({
      activity_id,
      financier: f.financier,
      financier_ref: f.financierRef,
      role: f.role,
    })),
    activity_country: recipientCountries(project).map((c) => ({ activity_id, country: c.code, percentage: c.percentage, share: c.share })),
    activity_region: project.recipientRegions.map((r) => ({
      activity_id,
      region: r.code,
      vocabulary: r.vocabulary,
      percentage: r.percentage,
    })),
    activity_sector: sectorSharesByVocabulary(project).map((s) => ({
      activity_id,
      code: s.code,
      vocabulary: s.vocabulary,
      share: s.share,
    })),
    activity_org: project.participatingOrgs.map((o) => ({ activity_id, ref: o.ref, name: preferredText(o.names), role: o.role })),
    activity_location: locationRows(project),
    money_flow: measureFlows(project).map((f) => ({
      activity_id,
      measure: f.measure,
      financier: f.financier,
      financier_ref: f.financierRef,
      value_minor: toHundredths(f.money.amount),
      currency: f.money.currency,
      value_date: f.money.valueDate,
    })),
  };
}

/** Writes the rows of laid-out projects: their activity rows, then each child table's. */
export async function writeProjectRows(write: RowWriter, rows: readonly ProjectRows[]): Promise<void> {
  await write(
    'activity',
    rows.map((r) => r.activity),
  );
  for (const table of PROJECT_CHILD_TABLES)
    await write(
      table,
      rows.flatMap((r): object[] => r[table]),
    );
}
