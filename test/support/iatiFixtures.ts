// Small IATI files written for the tests: a valid activity, and the ways files go wrong.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface FixtureActivity {
  id: string;
  lastUpdated?: string;
  title?: string;
  status?: string;
  country?: string;
  value?: string;
  currency?: string | null;
  extra?: string;
}

export function activityXml(a: FixtureActivity): string {
  const updated = a.lastUpdated ? ` last-updated-datetime="${a.lastUpdated}"` : '';
  const currency = a.currency === null ? '' : ` default-currency="${a.currency ?? 'USD'}"`;
  return `  <iati-activity xml:lang="en"${currency}${updated}>
    <iati-identifier>${a.id}</iati-identifier>
    <reporting-org ref="XM-TEST-1" type="40"><narrative>Test Development Bank</narrative></reporting-org>
    <title><narrative>${a.title ?? `Project ${a.id}`}</narrative></title>
    <activity-status code="${a.status ?? '2'}"/>
    <activity-date type="2" iso-date="2020-03-01"/>
    <recipient-country code="${a.country ?? 'KZ'}" percentage="100"/>
    <sector vocabulary="1" code="21020" percentage="100"/>
    <transaction>
      <transaction-type code="2"/>
      <transaction-date iso-date="2020-03-15"/>
      <value value-date="2020-03-15">${a.value ?? '1000000'}</value>
    </transaction>${a.extra ?? ''}
  </iati-activity>
`;
}

export function iatiFile(activities: FixtureActivity[], declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'): string {
  return `${declaration}<iati-activities version="2.03" generated-datetime="2024-01-01T00:00:00Z">\n${activities.map(activityXml).join('')}</iati-activities>\n`;
}

export function writeFixture(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Line (1-based) of the first occurrence of `needle` in `text`. */
export function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index === -1) throw new Error(`${needle} not in fixture`);
  return text.slice(0, index).split('\n').length;
}
