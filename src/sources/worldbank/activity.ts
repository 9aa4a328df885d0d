// Turns one World Bank project (export row and companion rows, or an API record) into an Activity.
import type { Activity, Financing, Money, ThemeShare } from '../../model/activity.js';
import type { Provenance } from '../../model/provenance.js';
import type { ActivityStatus } from '../../model/status.js';
import { readAmount, readIsoDate, readPercentage } from '../amountsAndDates.js';
import { isoCodeOfWorldBankCountry } from './countries.js';
import type { WorldBankProject, WorldBankProjectRow, WorldBankThemeRow } from './projectRow.js';

const STATUSES: Record<string, ActivityStatus> = { active: 'active', closed: 'closed', dropped: 'dropped', pipeline: 'pipeline' };

/** Financier types of the financiers table that are not co-financing: the Bank's own, and the borrower's counterpart funds. */
const NOT_CO_FINANCING = new Set(['world bank group', 'local contributor']);

export const WORLD_BANK = { ref: '44000', type: '40', names: [{ lang: 'en', text: 'World Bank' }] };

const en = (text: string) => (text.trim() ? [{ lang: 'en', text: text.trim() }] : []);

export function worldBankActivity(project: WorldBankProject, provenance: Provenance): Activity {
  const p = project.project;
  const at = { file: provenance.location, line: provenance.line ?? 0 };
  const approvalDate = readIsoDate(p.boardapprovaldate);
  const usd = (amount: string): Money | null => {
    const value = readAmount(amount, at.file, at.line);
    return value != null && Number(value) > 0 ? { amount: value, currency: 'USD', valueDate: approvalDate } : null;
  };
  const status = STATUSES[p.status.trim().toLowerCase()] ?? null;
  const closing = readIsoDate(p.closingdate);
  const effective = readIsoDate(p.loan_effective_date);
  const country = p.countrycodes?.length ? null : isoCodeOfWorldBankCountry(p.countryshortname);
  const countries = p.countrycodes?.length ? p.countrycodes : country ? [country] : [];

  const lead = (label: string, ref: string, amount: string): Financing[] => {
    const money = usd(amount);
    return money ? [{ financier: 'World Bank', financierRef: ref, role: 'lead', label, amount: money }] : [];
  };
  const coFinancing: Financing[] = project.financiers.flatMap((f) => {
    if (NOT_CO_FINANCING.has(f.project_financial_type.trim().toLowerCase())) return [];
    const money = usd(f.amount_usd);
    return money
      ? [{ financier: f.name.trim(), financierRef: null, role: 'co-financing' as const, label: f.name.trim(), amount: money }]
      : [];
  });

  return {
    id: p.id.trim(),
    reportingOrg: WORLD_BANK,
    defaultCurrency: 'USD',
    defaultLanguage: 'en',
    lastUpdated: null,
    titles: en(p.project_name),
    descriptions: p.pdo.trim() ? [{ type: '2', narratives: en(p.pdo) }] : [],
    statusCode: null,
    status,
    approvalDate,
    instrument: p.lendinginstr.trim() || null,
    dates: [
      ...(effective ? [{ type: '2', date: effective }] : []),
      // The closing date is planned until the project has closed.
      ...(closing ? [{ type: status === 'closed' ? '4' : '3', date: closing }] : []),
    ],
    recipientCountries: countries.map((code) => ({ code, percentage: null })),
    recipientRegions:
      countries.length === 0 && p.countryshortname.trim() ? [{ code: p.countryshortname.trim(), vocabulary: '99', percentage: null }] : [],
    // The Bank's own sector names, as its own vocabulary (IATI SectorVocabulary 99, the reporting organisation's).
    sectors: project.sectors.map((s) => ({
      code: s.sector.trim(),
      vocabulary: '99',
      percentage: readPercentage(s.sector_percent),
      names: en(s.sector),
    })),
    themes: worldBankThemes(project.themes),
    participatingOrgs: [
      { ref: '44000', type: '40', names: en('World Bank'), role: '1', activityId: null },
      ...(p.borrower.trim() ? [{ ref: null, type: null, names: en(p.borrower), role: '2', activityId: null }] : []),
      ...(p.impagency.trim() ? [{ ref: null, type: null, names: en(p.impagency), role: '4', activityId: null }] : []),
    ],
    transactions: [],
    budgets: [],
    locations: project.locations.map((g) => {
      const lat = Number(g.geo_latitude_number);
      const lon = Number(g.geo_longitude_number);
      const valid =
        g.geo_latitude_number.trim() !== '' && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
      return { ref: g.geo_loc_id.trim() || null, names: en(g.geo_loc_name), point: valid ? { lat, lon } : null };
    }),
    relatedActivities: [],
    documents: [],
    financing: [...lead('IBRD', '44001', p.curr_ibrd_commitment), ...lead('IDA', '44002', p.idacommamt), ...coFinancing],
    extra: Object.fromEntries(
      (
        [
          ['region', p.regionname],
          ['country', p.countryshortname],
          ['status', p.status],
          ['lastStage', p.last_stage_reached_name],
          ['implementingAgency', p.impagency],
          ['borrower', p.borrower],
          ['publicDisclosureDate', p.public_disclosure_date],
          ['projectCostUsd', p.curr_project_cost],
          ['totalCommitmentUsd', p.curr_total_commitment],
          ['grantAmountUsd', p.grantamt],
          ['environmentalCategory', p.envassesmentcategorycode],
          ['financingType', p.projectfinancialtype],
        ] as const
      ).filter(([, value]) => value?.trim()),
    ),
    provenance,
  };
}

/** Level-1 themes; rows whose level 1 starts with ">" detail a lower level under a level-1 theme. */
function worldBankThemes(rows: WorldBankThemeRow[]): ThemeShare[] {
  return rows
    .filter((t) => t.level_1.trim() && !t.level_1.trim().startsWith('>'))
    .map((t) => ({ name: t.level_1.trim(), percentage: readPercentage(t.percentage_1) }));
}

/** A project row from the Projects API (no companion tables: those come only with the export). */
export function worldBankApiActivity(project: WorldBankProjectRow, url: string, importedAt: string): Activity {
  return worldBankActivity(
    { project, financiers: [], sectors: [], themes: [], locations: [] },
    { source: 'worldbank-api', location: url, line: null, importedAt },
  );
}
