// Records that people keep by hand: projects, programmes, frameworks and advisory work that no
// source publishes, and corrections of a sourced project's fields. A record file (JSON or YAML) is
// checked here, field by field, before anything is stored; a record becomes an activity of source
// `manual`, a correction an overlay that is laid over the project's merged record.
import { parse as parseYaml } from 'yaml';
import type { Activity, Money } from './activity.js';
import { isCalendarDate } from './calendarDate.js';
import type { MergedActivity } from './project.js';
import { ACTIVITY_STATUSES, type ActivityStatus } from './status.js';

export const MANUAL_RECORD_KINDS = ['project', 'programme', 'framework', 'advisory', 'correction'] as const;
export type ManualRecordKind = (typeof MANUAL_RECORD_KINDS)[number];

export interface ManualDocument {
  title: string;
  url: string | null;
  date: string | null;
}

/** A project, programme, framework or advisory work that no source publishes. */
export interface ManualActivityInput {
  kind: Exclude<ManualRecordKind, 'correction'>;
  id: string;
  title: string;
  description: string | null;
  countries: string[];
  financier: string;
  financierRef: string | null;
  status: ActivityStatus | null;
  approvalDate: string | null;
  closingDate: string | null;
  commitment: Money | null;
  sectors: { code: string; percentage: number | null }[];
  documents: ManualDocument[];
}

/** The fields of a sourced project that a correction may set. */
export interface CorrectedFields {
  title?: string;
  description?: string;
  status?: ActivityStatus;
  approvalDate?: string;
  closingDate?: string;
  commitment?: Money;
  countries?: string[];
}

export const CORRECTABLE_FIELDS = ['title', 'description', 'status', 'approvalDate', 'closingDate', 'commitment', 'countries'] as const;

/** A correction of a sourced project, kept apart from the source's record so that imports never undo it. */
export interface CorrectionInput {
  kind: 'correction';
  id: string;
  /** The project corrected, as the user named it (a project or record id). */
  corrects: string;
  reason: string | null;
  fields: CorrectedFields;
}

export type ManualRecordInput = ManualActivityInput | CorrectionInput;

/** A record file that cannot be taken: the message names the file and the field. */
export class ManualRecordError extends Error {}

/** Ids are kept plain so that they are safe in URLs, file names and shells alike. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const AMOUNT_PATTERN = /^-?\d{1,15}(\.\d{1,2})?$/;
const MAX_TEXT = 20_000;

const ACTIVITY_FIELDS = [
  'kind',
  'id',
  'title',
  'description',
  'countries',
  'financier',
  'financierRef',
  'status',
  'approvalDate',
  'closingDate',
  'commitment',
  'sectors',
  'documents',
];
const CORRECTION_FIELDS = ['kind', 'id', 'corrects', 'reason', 'fields'];

/** Reads a record file's text (JSON, or YAML, of which JSON is a part). `name` names it in errors. */
export function parseManualRecordText(text: string, name: string): unknown {
  try {
    // JSON first: it is what the API mostly gets, and YAML 1.2 reads it the same anyway.
    return text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 50 });
  } catch (error) {
    throw new ManualRecordError(`${name}: not JSON or YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * A record as given, checked: every field known, every value of its type, dates as YYYY-MM-DD,
 * amounts as decimal strings or numbers, countries as ISO 3166-1 alpha-2 codes. `id` is the record's
 * id when the caller names it (an edit), else the file's own or a new one.
 */
export function checkManualRecord(value: unknown, name: string, newId: () => string): ManualRecordInput {
  const fail = (field: string, message: string): never => {
    throw new ManualRecordError(`${name}: field "${field}": ${message}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ManualRecordError(`${name}: expected an object of fields`);
  const input = value as Record<string, unknown>;
  const kind = input.kind ?? 'project';
  if (typeof kind !== 'string' || !(MANUAL_RECORD_KINDS as readonly string[]).includes(kind))
    fail('kind', `expected one of ${MANUAL_RECORD_KINDS.join(', ')}`);
  const known = kind === 'correction' ? CORRECTION_FIELDS : ACTIVITY_FIELDS;
  for (const field of Object.keys(input))
    if (!known.includes(field)) fail(field, `not a field of a ${kind} record (its fields: ${known.join(', ')})`);
  const id = input.id == null ? newId() : input.id;
  if (typeof id !== 'string' || !ID_PATTERN.test(id))
    fail('id', 'expected 1 to 100 letters, digits, ".", "_", ":" or "-", starting with a letter or digit');

  if (kind === 'correction') {
    const corrects = input.corrects;
    if (typeof corrects !== 'string' || !ID_PATTERN.test(corrects)) fail('corrects', 'expected the id of the project corrected');
    const fieldsValue = input.fields;
    if (typeof fieldsValue !== 'object' || fieldsValue === null || Array.isArray(fieldsValue))
      fail('fields', `expected an object of the fields corrected (${CORRECTABLE_FIELDS.join(', ')})`);
    const given = fieldsValue as Record<string, unknown>;
    const fields: CorrectedFields = {};
    for (const [field, v] of Object.entries(given)) {
      const at = `fields.${field}`;
      switch (field) {
        case 'title':
        case 'description':
          fields[field] = text(v, at, fail, true) as string;
          break;
        case 'status':
          fields.status = status(v, at, fail) as ActivityStatus;
          break;
        case 'approvalDate':
        case 'closingDate':
          fields[field] = date(v, at, fail) as string;
          break;
        case 'commitment':
          fields.commitment = money(v, at, fail) as Money;
          break;
        case 'countries':
          fields.countries = countries(v, at, fail);
          break;
        default:
          fail(at, `not a field a correction can set (those are: ${CORRECTABLE_FIELDS.join(', ')})`);
      }
    }
    if (Object.keys(fields).length === 0) fail('fields', 'names no field to correct');
    return {
      kind: 'correction',
      id: id as string,
      corrects: corrects as string,
      reason: input.reason == null ? null : (text(input.reason, 'reason', fail, false) as string),
      fields,
    };
  }

  const sectors = input.sectors == null ? [] : input.sectors;
  if (!Array.isArray(sectors)) fail('sectors', 'expected a list of {code, percentage}');
  const documents = input.documents == null ? [] : input.documents;
  if (!Array.isArray(documents)) fail('documents', 'expected a list of {title, url, date}');
  return {
    kind: kind as ManualActivityInput['kind'],
    id: id as string,
    title: text(input.title, 'title', fail, true) as string,
    description: input.description == null ? null : (text(input.description, 'description', fail, false) as string),
    countries: input.countries == null ? [] : countries(input.countries, 'countries', fail),
    financier: text(input.financier, 'financier', fail, true) as string,
    financierRef: input.financierRef == null ? null : (text(input.financierRef, 'financierRef', fail, true) as string),
    status: input.status == null ? null : (status(input.status, 'status', fail) as ActivityStatus),
    approvalDate: input.approvalDate == null ? null : (date(input.approvalDate, 'approvalDate', fail) as string),
    closingDate: input.closingDate == null ? null : (date(input.closingDate, 'closingDate', fail) as string),
    commitment: input.commitment == null ? null : (money(input.commitment, 'commitment', fail) as Money),
    sectors: (sectors as unknown[]).map((s, i) => {
      const at = `sectors[${i}]`;
      if (typeof s !== 'object' || s === null) return fail(at, 'expected {code, percentage}');
      const { code, percentage } = s as Record<string, unknown>;
      const codeText = typeof code === 'number' ? String(code) : code;
      if (typeof codeText !== 'string' || !/^\d{5}$/.test(codeText)) fail(`${at}.code`, 'expected a DAC 5-digit sector code');
      if (percentage != null && (typeof percentage !== 'number' || percentage < 0 || percentage > 100))
        fail(`${at}.percentage`, 'expected a number from 0 to 100');
      return { code: codeText as string, percentage: (percentage as number | undefined) ?? null };
    }),
    documents: (documents as unknown[]).map((d, i) => {
      const at = `documents[${i}]`;
      if (typeof d !== 'object' || d === null) return fail(at, 'expected {title, url, date}');
      const doc = d as Record<string, unknown>;
      const url = doc.url == null ? null : (text(doc.url, `${at}.url`, fail, true) as string);
      if (url !== null && !/^https?:\/\//i.test(url)) fail(`${at}.url`, 'expected an http:// or https:// address');
      return {
        title: text(doc.title, `${at}.title`, fail, true) as string,
        url,
        date: doc.date == null ? null : (date(doc.date, `${at}.date`, fail) as string),
      };
    }),
  };
}

type Fail = (field: string, message: string) => never;

function text(value: unknown, field: string, fail: Fail, required: boolean): string | null {
  if (value == null) return required ? fail(field, 'is required') : null;
  if (typeof value !== 'string') return fail(field, 'expected text');
  if (required && value.trim() === '') return fail(field, 'is empty');
  if (value.length > MAX_TEXT) return fail(field, `longer than ${MAX_TEXT} characters`);
  return value;
}

function status(value: unknown, field: string, fail: Fail): string {
  if (typeof value !== 'string' || !(ACTIVITY_STATUSES as readonly string[]).includes(value))
    fail(field, `expected one of ${ACTIVITY_STATUSES.join(', ')}`);
  return value as string;
}

function date(value: unknown, field: string, fail: Fail): string {
  // YAML reads an unquoted 2024-02-22 as a date.
  const given = value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value;
  if (typeof given !== 'string' || !isCalendarDate(given)) fail(field, 'expected a date as YYYY-MM-DD');
  return given as string;
}

function money(value: unknown, field: string, fail: Fail): Money {
  if (typeof value !== 'object' || value === null) return fail(field, 'expected {amount, currency, valueDate}');
  const { amount, currency, valueDate, ...rest } = value as Record<string, unknown>;
  for (const extra of Object.keys(rest)) fail(`${field}.${extra}`, 'not a field of an amount (amount, currency, valueDate)');
  const amountText = typeof amount === 'number' && Number.isFinite(amount) ? String(amount) : amount;
  if (typeof amountText !== 'string' || !AMOUNT_PATTERN.test(amountText))
    fail(`${field}.amount`, 'expected a decimal number with at most 2 decimals, under 10^15');
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) fail(`${field}.currency`, 'expected an ISO 4217 code such as USD');
  return {
    amount: amountText as string,
    currency: currency as string,
    valueDate: valueDate == null ? null : date(valueDate, `${field}.valueDate`, fail),
  };
}

function countries(value: unknown, field: string, fail: Fail): string[] {
  if (!Array.isArray(value)) return fail(field, 'expected a list of ISO 3166-1 alpha-2 codes such as KZ');
  return value.map((code, i) => {
    if (typeof code !== 'string' || !/^[A-Z]{2}$/.test(code)) fail(`${field}[${i}]`, 'expected an ISO 3166-1 alpha-2 code such as KZ');
    return code as string;
  });
}

/** The activity of source `manual` that a hand-kept record makes; `enteredBy` names who keeps it. */
export function manualActivity(input: ManualActivityInput, enteredBy: string, at: string): Activity {
  const narrative = (text: string) => [{ lang: 'en', text }];
  const lead = { ref: input.financierRef, type: null, names: narrative(input.financier) };
  return {
    id: input.id,
    reportingOrg: lead,
    defaultCurrency: input.commitment?.currency ?? null,
    defaultLanguage: 'en',
    lastUpdated: at,
    titles: narrative(input.title),
    descriptions: input.description ? [{ type: '1', narratives: narrative(input.description) }] : [],
    statusCode: null,
    status: input.status,
    approvalDate: input.approvalDate,
    instrument: null,
    dates: input.closingDate ? [{ type: '3', date: input.closingDate }] : [],
    recipientCountries: input.countries.map((code) => ({ code, percentage: null })),
    recipientRegions: [],
    sectors: input.sectors.map((s) => ({ code: s.code, vocabulary: '1', percentage: s.percentage, names: [] })),
    themes: [],
    participatingOrgs: [{ ...lead, role: '1', activityId: null }],
    transactions: [],
    budgets: [],
    locations: [],
    relatedActivities: [],
    documents: input.documents.map((d) => ({ url: d.url ?? '', format: null, titles: narrative(d.title), categories: [] })),
    financing: input.commitment
      ? [{ financier: input.financier, financierRef: input.financierRef, role: 'lead', label: 'entered by hand', amount: input.commitment }]
      : [],
    extra: { recordKind: input.kind, enteredBy, ...(input.documents.some((d) => d.date) ? documentDates(input.documents) : {}) },
    provenance: { source: 'manual', location: `manual, by ${enteredBy}`, line: null, importedAt: at },
  };
}

function documentDates(documents: ManualDocument[]): Record<string, string> {
  return Object.fromEntries(documents.flatMap((d, i) => (d.date ? [[`document${i + 1}Date`, d.date]] : [])));
}

/** One field of a project set by hand: the answer shows it beside the value its source gives. */
export interface FieldCorrection {
  field: keyof CorrectedFields;
  value: unknown;
  /** The id of the correction record, who last changed it, and when. */
  record: string;
  by: string;
  at: string;
  reason: string | null;
}

/** A correction as stored: its fields and who last set them. */
export interface StoredCorrection {
  id: string;
  fields: CorrectedFields;
  reason: string | null;
  by: string;
  at: string;
}

export type CorrectedActivity = MergedActivity & { corrections: FieldCorrection[] };

/**
 * The project with the corrections laid over its merged record, later corrections over earlier
 * ones. Each corrected field's giver (`fieldSources`) becomes `manual:<correction id>`.
 */
export function applyCorrections(project: MergedActivity, corrections: StoredCorrection[]): CorrectedActivity {
  const corrected: CorrectedActivity = { ...project, fieldSources: { ...project.fieldSources }, corrections: [] };
  const ordered = [...corrections].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  for (const correction of ordered) {
    const giver = `manual:${correction.id}`;
    for (const field of CORRECTABLE_FIELDS) {
      const value = correction.fields[field];
      if (value === undefined) continue;
      corrected.corrections = corrected.corrections.filter((c) => c.field !== field);
      corrected.corrections.push({ field, value, record: correction.id, by: correction.by, at: correction.at, reason: correction.reason });
      switch (field) {
        case 'title':
          corrected.titles = [{ lang: 'en', text: value as string }];
          corrected.fieldSources.titles = giver;
          break;
        case 'description':
          corrected.descriptions = [{ type: '2', narratives: [{ lang: 'en', text: value as string }] }];
          corrected.fieldSources.descriptions = giver;
          break;
        case 'status':
          corrected.status = value as ActivityStatus;
          corrected.statusCode = null;
          corrected.fieldSources.status = giver;
          break;
        case 'approvalDate':
          corrected.approvalDate = value as string;
          corrected.fieldSources.approvalDate = giver;
          break;
        case 'closingDate': {
          // The end the source gave (actual or planned) is replaced by the one set by hand, of the same kind.
          const type = corrected.dates.some((d) => d.type === '4') ? '4' : '3';
          corrected.dates = [...corrected.dates.filter((d) => d.type !== '3' && d.type !== '4'), { type, date: value as string }];
          corrected.fieldSources.dates = giver;
          break;
        }
        case 'commitment': {
          // The whole commitment: it replaces every financing line, so nothing is counted twice.
          const name = corrected.financing.find((f) => f.role === 'lead')?.financier ?? corrected.reportingOrg.names[0]?.text ?? 'unknown';
          const ref = corrected.financing.find((f) => f.role === 'lead')?.financierRef ?? corrected.reportingOrg.ref;
          corrected.financing = [{ financier: name, financierRef: ref, role: 'lead', label: 'corrected by hand', amount: value as Money }];
          corrected.fieldSources.financing = giver;
          break;
        }
        case 'countries':
          corrected.recipientCountries = (value as string[]).map((code) => ({ code, percentage: null }));
          corrected.fieldSources.recipientCountries = giver;
          break;
      }
    }
  }
  return corrected;
}
