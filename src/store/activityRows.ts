// How one model activity is laid out over the store's tables.
import type { Insertable } from 'kysely';
import type { Activity } from '../model/activity.js';
import {
  approvalDate,
  closingDate,
  financierName,
  objective,
  preferredText,
  recipientCountries,
  sectorShares,
} from '../model/activityFacts.js';
import { toHundredths } from '../model/money.js';
import type { Tables } from './tables.js';

export interface ActivityRows {
  activity: Insertable<Tables['activity']>;
  activity_country: Insertable<Tables['activity_country']>[];
  activity_region: Insertable<Tables['activity_region']>[];
  activity_sector: Insertable<Tables['activity_sector']>[];
  activity_org: Insertable<Tables['activity_org']>[];
  money_flow: Insertable<Tables['money_flow']>[];
}

export const CHILD_TABLES = ['activity_country', 'activity_region', 'activity_sector', 'activity_org', 'money_flow'] as const;

/** The activity as stored in `doc`: everything but provenance, which has its own columns. */
export function activityDoc(activity: Activity): string {
  const { provenance: _provenance, ...rest } = activity;
  return JSON.stringify(rest);
}

export function activityRows(activity: Activity, sourceFile: string | null, doc = activityDoc(activity)): ActivityRows {
  const activity_id = activity.id;
  return {
    activity: {
      id: activity_id,
      source: activity.provenance.source,
      reporting_org_ref: activity.reportingOrg.ref,
      financier: financierName(activity),
      title: preferredText(activity.titles),
      objective: objective(activity),
      status: activity.status,
      status_code: activity.statusCode,
      approval_date: approvalDate(activity),
      closing_date: closingDate(activity),
      last_updated: activity.lastUpdated,
      source_file: sourceFile,
      source_line: activity.provenance.line,
      imported_at: activity.provenance.importedAt,
      doc,
    },
    activity_country: recipientCountries(activity).map((c) => ({ activity_id, country: c.code, percentage: c.percentage, share: c.share })),
    activity_region: activity.recipientRegions.map((r) => ({
      activity_id,
      region: r.code,
      vocabulary: r.vocabulary,
      percentage: r.percentage,
    })),
    activity_sector: sectorShares(activity).map((s) => ({ activity_id, ...s })),
    activity_org: activity.participatingOrgs.map((o) => ({ activity_id, ref: o.ref, name: preferredText(o.names), role: o.role })),
    money_flow: [
      ...activity.transactions.map((t) => ({
        activity_id,
        kind: 'transaction',
        type: t.type,
        date: t.date,
        value_minor: toHundredths(t.value.amount),
        currency: t.value.currency,
        value_date: t.value.valueDate,
      })),
      ...activity.budgets.map((b) => ({
        activity_id,
        kind: 'budget',
        type: b.type,
        date: b.periodStart,
        value_minor: toHundredths(b.value.amount),
        currency: b.value.currency,
        value_date: b.value.valueDate,
      })),
    ],
  };
}
