// One project of a bank's own project list (ADB, EBRD, AIIB) as an Activity: the bank reports it
// and finances it, with one financing line for the amount the list gives.
import type { Activity, Money, OrganisationRef } from '../model/activity.js';
import type { Provenance } from '../model/provenance.js';
import type { ActivityStatus } from '../model/status.js';
import { isoCodeOfCountryName } from './countryNames.js';

export const ASIAN_DEVELOPMENT_BANK: OrganisationRef = {
  ref: 'XM-DAC-46004',
  type: '40',
  names: [{ lang: 'en', text: 'Asian Development Bank' }],
};
export const EBRD: OrganisationRef = {
  ref: 'XI-IATI-EBRD',
  type: '40',
  names: [{ lang: 'en', text: 'European Bank for Reconstruction and Development' }],
};
// AIIB publishes no IATI data and has no organisation identifier there.
export const AIIB: OrganisationRef = { ref: null, type: '40', names: [{ lang: 'en', text: 'Asian Infrastructure Investment Bank' }] };

export interface BankProject {
  id: string;
  bank: OrganisationRef;
  title: string;
  /** The country as the list names it; a name that is no country is kept as a region. */
  country: string;
  approvalDate: string | null;
  status: ActivityStatus | null;
  sector: string;
  instrument: string;
  /** The bank's own commitment, when the list gives one that can be counted. */
  amount: Money | null;
  /** Facts the list gives that have no place of their own (its status as written, the amount as published, …). */
  extra: Record<string, string>;
  provenance: Provenance;
}

const en = (text: string) => (text.trim() ? [{ lang: 'en', text: text.trim() }] : []);

export function bankProjectActivity(project: BankProject): Activity {
  // A list may name several countries in one cell ("Kazakhstan, Uzbekistan"); each known one counts.
  const names = project.country.split(/\s*[;/]\s*|\s*,\s*(?=[A-Z])/).filter(Boolean);
  const codes = [...new Set(names.map(isoCodeOfCountryName).filter((code): code is string => code !== null))];
  const bankName = project.bank.names[0]?.text ?? project.bank.ref ?? '';
  return {
    id: project.id,
    reportingOrg: project.bank,
    defaultCurrency: project.amount?.currency ?? null,
    defaultLanguage: 'en',
    lastUpdated: null,
    titles: en(project.title),
    descriptions: [],
    statusCode: null,
    status: project.status,
    approvalDate: project.approvalDate,
    instrument: project.instrument.trim() || null,
    dates: [],
    recipientCountries: codes.map((code) => ({ code, percentage: null })),
    recipientRegions:
      codes.length === 0 && project.country.trim() ? [{ code: project.country.trim(), vocabulary: '99', percentage: null }] : [],
    sectors: project.sector.trim() ? [{ code: project.sector.trim(), vocabulary: '99', percentage: null, names: en(project.sector) }] : [],
    themes: [],
    participatingOrgs: [{ ...project.bank, role: '1', activityId: null }],
    transactions: [],
    budgets: [],
    locations: [],
    relatedActivities: [],
    documents: [],
    financing: project.amount
      ? [
          {
            financier: bankName,
            financierRef: project.bank.ref,
            role: 'lead',
            label: project.instrument.trim() || bankName,
            amount: project.amount,
          },
        ]
      : [],
    extra: Object.fromEntries(Object.entries(project.extra).filter(([, value]) => value.trim() !== '')),
    provenance: project.provenance,
  };
}
