// The IATI reader on small files written here: inheritance rules, 1.0x mapping, warnings.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../src/model/activity.js';
import type { InputWarning } from '../../src/model/problems.js';
import { knownCodesFrom } from '../../src/sources/iati/knownCodes.js';
import { readIatiStream } from '../../src/sources/iati/reader.js';

async function read(xml: string | Buffer, codes?: Map<string, Set<string>>) {
  const activities: Activity[] = [];
  const warnings: InputWarning[] = [];
  for await (const record of readIatiStream(Readable.from([Buffer.from(xml)]), 'test.xml', { codes: codes && knownCodesFrom(codes) })) {
    if (record.kind === 'activity') activities.push(record.activity);
    if (record.kind === 'warning') warnings.push(record.warning);
  }
  return { activities, warnings };
}

const V2 = `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" xmlns:ext="http://example.org/ext">
 <iati-activity default-currency="EUR" xml:lang="fr" last-updated-datetime="2024-05-01T10:00:00Z">
  <iati-identifier> XM-TEST-7 </iati-identifier>
  <reporting-org ref="XM-TEST" type="40"><narrative>Banque test</narrative><narrative xml:lang="en">Test Bank</narrative></reporting-org>
  <title><narrative>Route</narrative><narrative xml:lang="ru">Дорога</narrative></title>
  <description type="2"><narrative xml:lang="en">Build a road</narrative></description>
  <ext:note>publisher extension, ignored</ext:note>
  <activity-status code="2"/>
  <recipient-country code="kz" percentage="60"/>
  <recipient-country code="UZ" percentage="40"/>
  <sector vocabulary="1" code="21020" percentage="70"/>
  <sector vocabulary="1" code="23630" percentage="30"/>
  <sector vocabulary="99" code="LT"/>
  <transaction>
   <transaction-type code="2"/>
   <transaction-date iso-date="2021-06-30"/>
   <value>2500000.50</value>
  </transaction>
  <transaction>
   <transaction-type code="3"/>
   <transaction-date iso-date="2022-01-10T00:00:00Z"/>
   <value currency="usd" value-date="2022-01-05">100</value>
  </transaction>
  <budget type="1" status="2"><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/><value value-date="2021-01-01">50</value></budget>
  <location><name><narrative>Almaty</narrative></name><point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>43.25 76.95</pos></point></location>
  <related-activity ref="XM-TEST-6" type="1"/>
  <document-link url="https://example.org/a.pdf" format="application/pdf"><title><narrative>Appraisal</narrative></title><category code="A02"/></document-link>
 </iati-activity>
</iati-activities>`;

describe('reading IATI 2.0x', () => {
  it('inherits the default currency and language, and keeps every language given', async () => {
    const { activities, warnings } = await read(V2);
    expect(warnings).toEqual([]);
    const [a] = activities as [Activity];
    expect(a.id).toBe('XM-TEST-7');
    expect(a.titles).toEqual([
      { lang: 'fr', text: 'Route' },
      { lang: 'ru', text: 'Дорога' },
    ]);
    expect(a.reportingOrg).toEqual({
      ref: 'XM-TEST',
      type: '40',
      names: [
        { lang: 'fr', text: 'Banque test' },
        { lang: 'en', text: 'Test Bank' },
      ],
    });
    expect(a.transactions.map((t) => t.value)).toEqual([
      // No value-date: the transaction date stands in for it.
      { amount: '2500000.50', currency: 'EUR', valueDate: '2021-06-30' },
      { amount: '100', currency: 'USD', valueDate: '2022-01-05' },
    ]);
    expect(a.transactions[1]?.date).toBe('2022-01-10');
    expect(a.budgets).toEqual([
      {
        type: '1',
        status: '2',
        periodStart: '2021-01-01',
        periodEnd: '2021-12-31',
        value: { amount: '50', currency: 'EUR', valueDate: '2021-01-01' },
      },
    ]);
    expect(a.recipientCountries).toEqual([
      { code: 'KZ', percentage: 60 },
      { code: 'UZ', percentage: 40 },
    ]);
    expect(a.status).toBe('active');
    expect(a.lastUpdated).toBe('2024-05-01T10:00:00Z');
    expect(a.locations).toEqual([{ ref: null, names: [{ lang: 'fr', text: 'Almaty' }], point: { lat: 43.25, lon: 76.95 } }]);
    expect(a.relatedActivities).toEqual([{ ref: 'XM-TEST-6', type: '1' }]);
    expect(a.documents).toEqual([
      { url: 'https://example.org/a.pdf', format: 'application/pdf', titles: [{ lang: 'fr', text: 'Appraisal' }], categories: ['A02'] },
    ]);
    expect(a.provenance).toMatchObject({ source: 'iati', location: 'test.xml', line: 3 });
  });

  it('reports unknown codes against loaded codelists but keeps them', async () => {
    const codes = new Map([
      ['Sector', new Set(['21020'])],
      ['Country', new Set(['KZ', 'UZ'])],
      ['Currency', new Set(['EUR', 'USD'])],
    ]);
    const { activities, warnings } = await read(V2, codes);
    expect(warnings.map((w) => [w.line, w.message])).toEqual([[13, 'XM-TEST-7: unknown Sector code "23630" (kept as given)']]);
    expect(activities[0]?.sectors.map((s) => s.code)).toEqual(['21020', '23630', 'LT']);
  });
});

describe('text', () => {
  it("joins text split by entities, character references, CDATA and publishers' own elements, and ignores the indentation", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" xmlns:ext="http://example.org/ext">
 <iati-activity>
  <iati-identifier>
    XM-TEST-8
  </iati-identifier>
  <title>
   <narrative xml:lang="en">Roads &amp; bridges &#x2014; phase <![CDATA[<2>]]> (<ext:b>bold</ext:b>Almaty)</narrative>
  </title>
  <description>
   <narrative xml:lang="en">First line
second line</narrative>
  </description>
 </iati-activity>
</iati-activities>`;
    const [a] = (await read(xml)).activities as [Activity];
    expect(a.id).toBe('XM-TEST-8');
    expect(a.titles).toEqual([{ lang: 'en', text: 'Roads & bridges — phase <2> (Almaty)' }]);
    expect(a.descriptions).toEqual([{ type: null, narratives: [{ lang: 'en', text: 'First line\nsecond line' }] }]);
  });
});

const V1 = `<?xml version="1.0"?>
<iati-activities version="1.03">
 <iati-activity default-currency="GBP" xml:lang="en">
  <iati-identifier>GB-1-1234</iati-identifier>
  <reporting-org ref="GB-1" type="10">Department for International Development</reporting-org>
  <title>Health programme</title>
  <activity-status code="3">Completion</activity-status>
  <activity-date type="start-actual" iso-date="2009-04-01">1 April 2009</activity-date>
  <activity-date type="end-planned">2012-03-31</activity-date>
  <participating-org role="Funding" ref="GB-1">DFID</participating-org>
  <participating-org role="implementing">Ministry of Health</participating-org>
  <sector vocabulary="DAC" code="12220" percentage="100">Basic health care</sector>
  <recipient-region code="298" vocabulary="DAC">Africa, regional</recipient-region>
  <location><name>Kabul</name><coordinates latitude="34.5" longitude="69.2" precision="3"/></location>
  <transaction><transaction-type code="C"/><value value-date="2009-04-01">1000</value><transaction-date iso-date="2009-04-01"/></transaction>
  <transaction><transaction-type code="D"/><value value-date="2009-05-01">400</value></transaction>
  <transaction><transaction-type code="IF"/><value value-date="2009-05-01">10</value></transaction>
 </iati-activity>
</iati-activities>`;

describe('reading IATI 1.0x', () => {
  it('maps letters and words to 2.0x codes and reads text kept in the element itself', async () => {
    const { activities } = await read(V1);
    const [a] = activities as [Activity];
    expect(a.transactions.map((t) => t.type)).toEqual(['2', '3', '1']);
    expect(a.transactions.map((t) => t.value.currency)).toEqual(['GBP', 'GBP', 'GBP']);
    expect(a.participatingOrgs.map((o) => [o.role, o.names[0]?.text])).toEqual([
      ['1', 'DFID'],
      ['4', 'Ministry of Health'],
    ]);
    expect(a.dates).toEqual([
      { type: '2', date: '2009-04-01' },
      { type: '3', date: '2012-03-31' },
    ]);
    expect(a.sectors.map((s) => [s.vocabulary, s.code])).toEqual([['1', '12220']]);
    expect(a.recipientRegions).toEqual([{ code: '298', vocabulary: '1', percentage: null }]);
    expect(a.titles).toEqual([{ lang: 'en', text: 'Health programme' }]);
    expect(a.status).toBe('closed');
    expect(a.locations[0]?.point).toEqual({ lat: 34.5, lon: 69.2 });
  });

  it('takes the other-identifier as the id of a pre-1.0 activity without iati-identifier, with a warning', async () => {
    const xml = V1.replace(
      '<iati-identifier>GB-1-1234</iati-identifier>',
      '<other-identifier owner-name="World Bank">P084404</other-identifier>',
    );
    const { activities, warnings } = await read(xml);
    expect(activities[0]?.id).toBe('P084404');
    expect(warnings.map((w) => w.message)).toEqual(['P084404: no iati-identifier; the other-identifier is used as the id']);
  });
});

describe('organisation files', () => {
  it('reads the organisations and their names', async () => {
    const xml = `<iati-organisations version="2.03"><iati-organisation><organisation-identifier>XM-TEST</organisation-identifier>
      <name><narrative>Test Bank</narrative><narrative xml:lang="ru">Тестовый банк</narrative></name>
      <reporting-org ref="XM-TEST" type="40"><narrative>Test Bank</narrative></reporting-org></iati-organisation></iati-organisations>`;
    const organisations = [];
    for await (const r of readIatiStream(Readable.from([Buffer.from(xml)]), 'org.xml'))
      if (r.kind === 'organisation') organisations.push(r.organisation);
    expect(organisations).toMatchObject([
      {
        ref: 'XM-TEST',
        type: '40',
        names: [
          { lang: null, text: 'Test Bank' },
          { lang: 'ru', text: 'Тестовый банк' },
        ],
      },
    ]);
  });
});

describe('encodings', () => {
  it('reads UTF-16 with a byte-order mark', async () => {
    const text = V2.replace('encoding="UTF-8"', 'encoding="UTF-16"');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const { activities } = await read(bytes);
    expect(activities[0]?.titles[1]?.text).toBe('Дорога');
  });

  it('reads windows-1251 when declared', async () => {
    const text = V2.replace('encoding="UTF-8"', 'encoding="windows-1251"');
    // Node has no windows-1251 encoder; the bytes of the one Cyrillic word are written by hand.
    const cp1251: Record<string, number> = { Д: 0xc4, о: 0xee, р: 0xf0, г: 0xe3, а: 0xe0 };
    const encoded = Buffer.from([...text].map((ch) => cp1251[ch] ?? ch.charCodeAt(0)));
    const { activities } = await read(encoded);
    expect(activities[0]?.titles[1]?.text).toBe('Дорога');
  });
});
