// Imports every real IATI file in ../shared/data/iati through the devfin command and checks the
// result against counts and fields read from the XML independently (plain text, no XML parser).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectKey } from '../../src/model/project.js';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { SHARED_DATA } from '../support/sharedData.js';
import { rowCounts } from '../support/storeSnapshot.js';

const IATI = path.join(SHARED_DATA, 'iati');

interface FileResult {
  file: string;
  status: 'imported' | 'already-imported' | 'rejected';
  counts?: { added: number; replaced: number; unchanged: number; keptNewer: number; organisations: number; warnings: number };
  error?: { message: string; line: number | null };
}

function xmlFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) return xmlFiles(full);
    return name.endsWith('.xml') ? [full] : [];
  });
}

/** Activity blocks of a file, split on the opening tag: a count made without any XML parser. */
function activityBlocks(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/<iati-activity[\s>]/)
    .slice(1);
}

function identifierOf(block: string): string | undefined {
  return (/<iati-identifier>\s*([^<]*?)\s*<\/iati-identifier>/.exec(block) ?? /<other-identifier[^>]*>\s*([^<]*?)\s*</.exec(block))?.[1];
}

const store = path.join(temporaryDir(), 'store.sqlite');
let results: FileResult[];

beforeAll(async () => {
  const run = await runDevfin(['import', '--db', store, IATI, '--json']);
  // frankenstein.xml is rejected on purpose: some files refused, the others imported.
  expect(run.code).toBe(1);
  results = JSON.parse(run.stdout);
});

describe('importing every file under ../shared/data/iati', () => {
  it('reads every .xml file and rejects only frankenstein.xml, naming the line of the undeclared prefix', () => {
    expect(results.map((r) => r.file).sort()).toEqual(xmlFiles(IATI).sort());
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected.map((r) => path.basename(r.file))).toEqual(['frankenstein.xml']);
    expect(rejected[0]?.error?.line).toBe(2299);
    expect(rejected[0]?.error?.message).toMatch(/frankenstein\.xml:2299:\d+: .*unbound namespace prefix.*iati-activities/);
  });

  it('stores as many activities per file as the file has <iati-activity> elements', () => {
    for (const result of results.filter((r) => r.status === 'imported')) {
      const c = result.counts;
      const stored = (c?.added ?? 0) + (c?.replaced ?? 0) + (c?.unchanged ?? 0) + (c?.keptNewer ?? 0);
      expect({ file: result.file, activities: stored }).toEqual({ file: result.file, activities: activityBlocks(result.file).length });
    }
  });

  it('holds each distinct project once: an identifier, or ADB loan activities as parts of their project', async () => {
    const ids = new Set(
      results
        .filter((r) => r.status === 'imported')
        .flatMap((r) => activityBlocks(r.file).map((block) => identifierOf(block) ?? 'missing')),
    );
    expect(ids.has('missing')).toBe(false);
    const projects = new Set([...ids].map((id) => projectKey({ id })));
    // ADB's 125 loan and grant activities here belong to 98 projects (46004-54188-001-LN3940 and -LN3941: 54188-001).
    expect(ids.size - projects.size).toBe(125 - 98);
    const summary = await devfinJson<{ total: { activities: number } }>(['summary', '--db', store, '--include-dropped']);
    expect(summary.total.activities).toBe(projects.size);
  });

  it('recognises organisation files and keeps the organisations’ names', () => {
    const organisationFiles = results.filter((r) => readFileSync(r.file, 'utf8').includes('<iati-organisations'));
    expect(organisationFiles.length).toBe(5);
    for (const r of organisationFiles) expect(r).toMatchObject({ status: 'imported', counts: { organisations: 1, added: 0 } });
    const db = new Database(store, { readonly: true });
    const names = Object.fromEntries(
      (db.prepare('select ref, name from organisation').all() as { ref: string; name: string }[]).map((o) => [o.ref, o.name]),
    );
    db.close();
    expect(names['XM-DAC-46004']).toBe('Asian Development Bank');
    expect(names['AA-AAA-123456789']).toBe('Organisation name');
  });

  it('keeps a 2.03 World Bank activity field by field as the XML gives it', async () => {
    const file = path.join(IATI, 'ifi/worldbank-679.xml');
    const block = activityBlocks(file).find((b) => identifierOf(b) === '44000-P145054') as string;
    const detail = await devfinJson<{
      activity: Record<string, unknown>;
      financiers: string[];
      commitmentUsd: number;
      records: { id: string; provenance: { location: string; line: number } }[];
    }>(['activity', '--db', store, '44000-P145054']);
    const a = detail.activity as {
      titles: { text: string }[];
      statusCode: string;
      status: string;
      dates: { type: string; date: string }[];
      recipientRegions: { code: string; percentage: number }[];
      sectors: { code: string; vocabulary: string }[];
      transactions: { type: string; value: { amount: string; currency: string } }[];
      participatingOrgs: unknown[];
      documents: unknown[];
    };
    expect(a.titles[0]?.text).toBe(/<title[^>]*>\s*<narrative>([^<]*)<\/narrative>/.exec(block)?.[1]);
    expect(a.statusCode).toBe(/<activity-status code="(\d)"/.exec(block)?.[1]);
    expect(a.status).toBe('active');
    expect(detail.financiers).toEqual(['World Bank']);
    // The IATI record 44000-P145054 is the World Bank project P145054.
    expect(detail.activity.id).toBe('P145054');
    expect(detail.records.map((r) => r.id)).toEqual(['44000-P145054']);
    expect(a.dates).toEqual(
      [...block.matchAll(/<activity-date type="(\d)" iso-date="([\d-]+)"/g)].map((m) => ({ type: m[1], date: m[2] })),
    );
    expect(a.recipientRegions).toEqual([{ code: '679', vocabulary: '1', percentage: 100 }]);
    expect(a.sectors.map((s) => `${s.vocabulary}:${s.code}`)).toEqual(
      [...block.matchAll(/<sector vocabulary="(\d+)"[^>]*? code="([^"]+)"/g)].map((m) => `${m[1]}:${m[2]}`),
    );
    expect(a.participatingOrgs.length).toBe([...block.matchAll(/<participating-org /g)].length);
    expect(a.documents.length).toBe([...block.matchAll(/<document-link /g)].length);
    // The values carry no currency of their own: the activity's default-currency (USD) applies.
    expect(block).toContain('default-currency="USD"');
    const transactionValues = [...block.matchAll(/<transaction>[\s\S]*?<\/transaction>/g)].map((m) => [
      /<transaction-type code="(\d+)"/.exec(m[0])?.[1],
      'USD',
      /<value[^>]*>([^<]*)</.exec(m[0])?.[1],
    ]);
    expect(a.transactions.map((t) => [t.type, t.value.currency, t.value.amount])).toEqual(transactionValues);
    const commitments = transactionValues.filter((m) => m[0] === '2').reduce((sum, m) => sum + Number(m[2]), 0);
    expect(detail.commitmentUsd).toBe(Math.round(commitments));
    const provenance = detail.records[0]?.provenance as { location: string; line: number };
    expect(provenance.location).toBe(file);
    expect(readFileSync(file, 'utf8').split('\n')[provenance.line - 1]).toContain('<iati-activity');
  });

  it('maps IATI 1.0x letters and words to their 2.0x codes', async () => {
    const detail = await devfinJson<{ activity: Record<string, unknown>; commitmentUsd: number; disbursementUsd: number }>([
      'activity',
      '--db',
      store,
      'US-5-2009000624',
    ]);
    const a = detail.activity as {
      transactions: { type: string; date: string; value: { amount: string; currency: string; valueDate: string } }[];
      sectors: { code: string; vocabulary: string }[];
      participatingOrgs: { role: string }[];
      recipientCountries: { code: string }[];
      dates: { type: string; date: string }[];
      titles: { lang: string; text: string }[];
    };
    // big_value.xml: <transaction-type code="D"> 39000 and code="C" 43000, sector vocabulary DAC,
    // roles "funding", "extending", "implementing".
    expect(a.transactions.map((t) => [t.type, t.value.amount, t.value.currency, t.value.valueDate])).toEqual([
      ['3', '39000', 'USD', '2009-12-31'],
      ['2', '43000', 'USD', '2009-12-31'],
    ]);
    expect(a.sectors).toEqual([
      { code: '31210', vocabulary: '1', percentage: null, names: [{ lang: 'en', text: 'Forestry policy and administrative management' }] },
    ]);
    expect(a.participatingOrgs.map((o) => o.role)).toEqual(['1', '3', '4']); // funding, extending, implementing
    expect(a.recipientCountries.map((c) => c.code)).toEqual(['BR']);
    expect(a.dates).toEqual([
      { type: '3', date: '2009-12-31' }, // end-planned
      { type: '1', date: '2009-01-01' }, // start-planned
    ]);
    // The activity's xml:lang is inherited by text that has none of its own.
    expect(a.titles).toEqual([{ lang: 'en', text: 'Cooperation with Brazilian Ministry of the Environment (MMA)' }]);
    expect(detail.commitmentUsd).toBe(43000);
    expect(detail.disbursementUsd).toBe(39000);
  });

  it('changes nothing when the same folder is imported again', async () => {
    const before = rowCounts(store);
    const again = await runDevfin(['import', '--db', store, IATI, '--json']);
    const second: FileResult[] = JSON.parse(again.stdout);
    expect(second.filter((r) => r.status === 'imported')).toEqual([]);
    expect(second.filter((r) => r.status === 'already-imported').length).toBe(results.filter((r) => r.status === 'imported').length);
    expect(rowCounts(store)).toEqual(before);
  });
});
