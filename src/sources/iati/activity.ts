// Turns one <iati-activity> element (1.0x or 2.0x) into an Activity.
import type {
  Activity,
  Budget,
  DocumentLink,
  Location,
  Money,
  Narrative,
  OrganisationRef,
  ParticipatingOrg,
  Transaction,
} from '../../model/activity.js';
import type { InputWarning } from '../../model/problems.js';
import { InputError } from '../../model/problems.js';
import type { Provenance } from '../../model/provenance.js';
import { excessMessage, sectorPercentageExcess } from '../../model/sectorVocabularies.js';
import { statusFromIatiCode } from '../../model/status.js';
import { readAmount, readIsoDate, readPercentage } from '../amountsAndDates.js';
import type { KnownCodes } from './knownCodes.js';
import { toActivityDateType, toOrganisationRole, toRegionVocabulary, toSectorVocabulary, toTransactionType } from './version1.js';
import { attribute, child, children, childrenByName, type XmlElement } from './xmlTree.js';

export interface ActivityContext {
  file: string;
  importedAt: string;
  codes: KnownCodes;
  warn(warning: InputWarning): void;
}

const text = (element: XmlElement | undefined): string => element?.text.trim() ?? '';
const attr = (element: XmlElement | undefined, name: string): string | null => {
  const value = attribute(element, name)?.trim();
  return value ? value : null;
};

/**
 * What `read` gives for each element, leaving out those it gives null for. (A loop rather than
 * flatMap, which makes an array per element: an activity may have thousands of transactions.)
 */
function each<T>(elements: readonly XmlElement[], read: (element: XmlElement) => T | null): T[] {
  const out: T[] = [];
  for (const element of elements) {
    const value = read(element);
    if (value !== null) out.push(value);
  }
  return out;
}

/** 2.0x puts text in <narrative> children; 1.0x puts it in the element itself. */
function narratives(element: XmlElement | undefined, defaultLang: string | null): Narrative[] {
  if (!element) return [];
  const lang = (part: XmlElement) => attr(part, 'xml:lang')?.toLowerCase() ?? attr(element, 'xml:lang')?.toLowerCase() ?? defaultLang;
  const out: Narrative[] = [];
  let hasNarratives = false;
  for (const part of element.children) {
    if (part.name !== 'narrative') continue;
    hasNarratives = true;
    const value = text(part);
    if (value !== '') out.push({ lang: lang(part), text: value });
  }
  if (hasNarratives) return out;
  const own = text(element);
  return own === '' ? out : [{ lang: lang(element), text: own }];
}

const NONE: readonly XmlElement[] = [];

export function buildActivity(element: XmlElement, context: ActivityContext): Activity {
  const { file } = context;
  // An activity has dozens to thousands of children, looked up by some twenty names: group them once.
  const byName = childrenByName(element);
  const all = (name: string) => byName.get(name) ?? NONE;
  const first = (name: string) => byName.get(name)?.[0];
  // Files from before IATI 1.0 have no iati-identifier; their other-identifier is the project id.
  const otherId = text(first('other-identifier'));
  const id = text(first('iati-identifier')) || otherId;
  if (!id) throw new InputError({ file, line: element.line }, 'iati-activity has no iati-identifier (nor other-identifier)');

  const lang = attr(element, 'xml:lang')?.toLowerCase() ?? null;
  const defaultCurrency = attr(element, 'default-currency')?.toUpperCase() ?? null;
  const warn = (line: number, message: string) => context.warn({ file, line, message: `${id}: ${message}` });
  const check = (list: string, code: string | null, line: number) => {
    if (code != null && context.codes.has(list, code) === false) warn(line, `unknown ${list} code "${code}" (kept as given)`);
  };
  if (defaultCurrency) check('Currency', defaultCurrency, element.line);
  if (!first('iati-identifier')) warn(element.line, 'no iati-identifier; the other-identifier is used as the id');

  const organisation = (org: XmlElement | undefined): OrganisationRef | null =>
    org ? { ref: attr(org, 'ref'), type: attr(org, 'type'), names: narratives(org, lang) } : null;

  const money = (value: XmlElement | undefined, fallbackDate: string | null): Money | null => {
    if (!value) return null;
    const amount = readAmount(value.text, file, value.line);
    if (amount == null) {
      warn(value.line, 'empty value (amount left out)');
      return null;
    }
    const currency = attr(value, 'currency')?.toUpperCase() ?? defaultCurrency;
    if (!currency) warn(value.line, 'no currency on the value and no default-currency on the activity');
    else check('Currency', currency, value.line);
    const rawDate = attr(value, 'value-date');
    const valueDate = readIsoDate(rawDate ?? undefined) ?? fallbackDate;
    return { amount, currency, valueDate };
  };

  const date = (el: XmlElement | undefined): string | null => {
    if (!el) return null;
    const raw = attr(el, 'iso-date') ?? text(el);
    const parsed = readIsoDate(raw);
    if (raw && !parsed) warn(el.line, `"${raw}" is not a date (left out)`);
    return parsed;
  };

  const statusElement = first('activity-status');
  const statusCode = attr(statusElement, 'code');
  if (statusElement) check('ActivityStatus', statusCode, statusElement.line);

  const dates = each(all('activity-date'), (el) => {
    const type = toActivityDateType(attr(el, 'type') ?? undefined);
    check('ActivityDateType', type, el.line);
    const value = date(el);
    return type && value ? { type, date: value } : null;
  });

  const recipientCountries = each(all('recipient-country'), (el) => {
    const code = attr(el, 'code')?.toUpperCase() ?? null;
    if (!code) return null;
    check('Country', code, el.line);
    return { code, percentage: readPercentage(attribute(el, 'percentage')) };
  });

  const recipientRegions = each(all('recipient-region'), (el) => {
    const code = attr(el, 'code');
    if (!code) return null;
    const vocabulary = toRegionVocabulary(attr(el, 'vocabulary') ?? undefined) ?? '1';
    if (vocabulary === '1') check('Region', code, el.line);
    return { code, vocabulary, percentage: readPercentage(attribute(el, 'percentage')) };
  });

  const sectorOf = (el: XmlElement) => {
    // Pre-1.0 files wrote the sector code in a ref attribute.
    const code = attr(el, 'code') ?? attr(el, 'ref');
    const vocabulary = toSectorVocabulary(attr(el, 'vocabulary') ?? undefined) ?? '1';
    if (code && vocabulary === '1') check('Sector', code, el.line);
    if (code && vocabulary === '2') check('SectorCategory', code, el.line);
    return code ? { code, vocabulary } : null;
  };
  const sectors = each(all('sector'), (el) => {
    const sector = sectorOf(el);
    return sector ? { ...sector, percentage: readPercentage(attribute(el, 'percentage')), names: narratives(el, lang) } : null;
  });

  const participatingOrgs: ParticipatingOrg[] = all('participating-org').map((el) => {
    const role = toOrganisationRole(attr(el, 'role') ?? undefined);
    check('OrganisationRole', role, el.line);
    return { ref: attr(el, 'ref'), type: attr(el, 'type'), names: narratives(el, lang), role, activityId: attr(el, 'activity-id') };
  });

  const transactions: Transaction[] = each(all('transaction'), (el) => {
    const typeElement = child(el, 'transaction-type');
    const type = toTransactionType(attr(typeElement, 'code') ?? undefined);
    if (!type) {
      warn(el.line, 'transaction without a transaction-type (left out)');
      return null;
    }
    check('TransactionType', type, typeElement?.line ?? el.line);
    const transactionDate = date(child(el, 'transaction-date'));
    const value = money(child(el, 'value'), transactionDate);
    if (!value) return null;
    return {
      type,
      date: transactionDate,
      value,
      description: narratives(child(el, 'description'), lang),
      providerOrg: organisation(child(el, 'provider-org')),
      receiverOrg: organisation(child(el, 'receiver-org')),
      recipientCountries: each(children(el, 'recipient-country'), (c) => attr(c, 'code')?.toUpperCase() ?? null),
      sectors: each(children(el, 'sector'), sectorOf),
    };
  });

  const budgets: Budget[] = each(all('budget'), (el) => {
    const periodStart = date(child(el, 'period-start'));
    const value = money(child(el, 'value'), periodStart);
    if (!value) return null;
    return { type: attr(el, 'type'), status: attr(el, 'status'), periodStart, periodEnd: date(child(el, 'period-end')), value };
  });

  const locations: Location[] = all('location').map((el) => ({
    ref: attr(el, 'ref'),
    names: narratives(child(el, 'name'), lang),
    point: readPoint(el),
  }));

  const documents: DocumentLink[] = each(all('document-link'), (el) => {
    const url = attr(el, 'url');
    if (!url) return null;
    return {
      url,
      format: attr(el, 'format'),
      titles: narratives(child(el, 'title'), lang),
      categories: each(children(el, 'category'), (c) => attr(c, 'code')),
    };
  });

  const provenance: Provenance = { source: 'iati', location: file, line: element.line, importedAt: context.importedAt };
  const activity: Activity = {
    id,
    reportingOrg: organisation(first('reporting-org')) ?? { ref: null, type: null, names: [] },
    defaultCurrency,
    defaultLanguage: lang,
    lastUpdated: attr(element, 'last-updated-datetime'),
    titles: narratives(first('title'), lang),
    descriptions: all('description').map((el) => ({ type: attr(el, 'type'), narratives: narratives(el, lang) })),
    statusCode,
    status: statusFromIatiCode(statusCode),
    approvalDate: null,
    instrument: null,
    dates,
    recipientCountries,
    recipientRegions,
    sectors,
    themes: [],
    participatingOrgs,
    transactions,
    budgets,
    locations,
    relatedActivities: each(all('related-activity'), (el) => {
      const ref = attr(el, 'ref');
      return ref ? { ref, type: attr(el, 'type') } : null;
    }),
    documents,
    financing: [],
    extra: {},
    provenance,
  };
  for (const excess of sectorPercentageExcess(activity)) warn(element.line, excessMessage(excess));
  return activity;
}

/** 2.0x: <point><pos>lat lon</pos></point>; 1.0x: <coordinates latitude=".." longitude=".."/>. */
function readPoint(location: XmlElement): { lat: number; lon: number } | null {
  const pos = text(child(child(location, 'point') ?? location, 'pos'));
  let lat: number;
  let lon: number;
  if (pos) {
    [lat, lon] = pos.split(/\s+/).map(Number) as [number, number];
  } else {
    const coordinates = child(location, 'coordinates');
    if (!coordinates) return null;
    lat = Number(attribute(coordinates, 'latitude'));
    lon = Number(attribute(coordinates, 'longitude'));
  }
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { lat, lon };
}
