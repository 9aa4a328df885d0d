// Record files checked field by field, corrections laid over a project, and the token buckets of the
// API's rate limits, on fixtures written here.
import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../src/api/rateLimit.js';
import { roleAtLeast, sameHash, tokenHash } from '../../src/model/apiToken.js';
import {
  applyCorrections,
  checkManualRecord,
  ManualRecordError,
  manualActivity,
  parseManualRecordText,
} from '../../src/model/manualRecord.js';
import { mergeRecords } from '../../src/model/project.js';

const check = (text: string) => checkManualRecord(parseManualRecordText(text, 'rec.yaml'), 'rec.yaml', () => 'new-id');
const refusal = (text: string) => {
  try {
    check(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ManualRecordError);
    return (error as Error).message;
  }
  throw new Error('the record was taken');
};

describe('record files', () => {
  it('reads YAML dates and numbers as the fields expect, and gives a new record an id', () => {
    const record = check(
      'kind: framework\ntitle: Country Partnership Framework FY2025-2029\nfinancier: World Bank\napprovalDate: 2024-11-05\ncommitment: {amount: 1500000.5, currency: USD}\nsectors: [{code: 15110, percentage: 100}]\n',
    );
    expect(record).toMatchObject({
      kind: 'framework',
      id: 'new-id',
      approvalDate: '2024-11-05',
      commitment: { amount: '1500000.5', currency: 'USD', valueDate: null },
      sectors: [{ code: '15110', percentage: 100 }],
    });
  });

  it('names the file and the field of every mistake', () => {
    expect(refusal('kind: loan\ntitle: T\nfinancier: F\n')).toBe(
      'rec.yaml: field "kind": expected one of project, programme, framework, advisory, correction',
    );
    expect(refusal('title: T\n')).toBe('rec.yaml: field "financier": is required');
    expect(refusal('title: T\nfinancier: F\nid: ../../etc/passwd\n')).toContain('rec.yaml: field "id": expected 1 to 100 letters');
    expect(refusal('title: T\nfinancier: F\nclosingDate: "2023-02-30"\n')).toBe(
      'rec.yaml: field "closingDate": expected a date as YYYY-MM-DD',
    );
    expect(refusal('title: T\nfinancier: F\nstatus: ongoing\n')).toBe(
      'rec.yaml: field "status": expected one of pipeline, active, closed, dropped, suspended',
    );
    expect(refusal('title: T\nfinancier: F\ncommitment: {amount: "1e9", currency: USD}\n')).toContain('field "commitment.amount"');
    expect(refusal('title: T\nfinancier: F\ncommitment: {amount: "10", currency: usd}\n')).toContain('field "commitment.currency"');
    expect(refusal('title: T\nfinancier: F\ndocuments: [{title: R, url: "javascript:alert(1)"}]\n')).toBe(
      'rec.yaml: field "documents[0].url": expected an http:// or https:// address',
    );
    expect(refusal('kind: correction\ncorrects: P179204\nfields: {budget: 5}\n')).toContain(
      'field "fields.budget": not a field a correction can set',
    );
    expect(refusal('kind: correction\ncorrects: P179204\nfields: {}\n')).toBe('rec.yaml: field "fields": names no field to correct');
    expect(refusal('title: [unclosed\n')).toMatch(/^rec\.yaml: not JSON or YAML/);
    expect(refusal('- a\n- b\n')).toBe('rec.yaml: expected an object of fields');
  });
});

describe('corrections', () => {
  const record = manualActivity(
    {
      kind: 'project',
      id: 'P1',
      title: 'Road',
      description: null,
      countries: ['KZ'],
      financier: 'World Bank',
      financierRef: '44000',
      status: 'active',
      approvalDate: '2020-01-01',
      closingDate: '2025-06-30',
      commitment: { amount: '100', currency: 'USD', valueDate: null },
      sectors: [],
      documents: [],
    },
    'someone',
    '2024-01-01T00:00:00Z',
  );
  // Stands for a sourced record: the overlay does not care where the merged record came from.
  const project = mergeRecords([{ ...record, provenance: { ...record.provenance, source: 'worldbank' } }]);

  it('sets the fields named, later corrections over earlier ones, and says who set each', () => {
    const corrected = applyCorrections(project, [
      { id: 'c2', fields: { closingDate: '2027-12-31' }, reason: null, by: 'editor-b', at: '2024-03-01T00:00:00Z' },
      {
        id: 'c1',
        fields: { closingDate: '2026-12-31', commitment: { amount: '250', currency: 'EUR', valueDate: null } },
        reason: 'letter',
        by: 'editor-a',
        at: '2024-02-01T00:00:00Z',
      },
    ]);
    expect(corrected.dates).toEqual([{ type: '3', date: '2027-12-31' }]);
    expect(corrected.financing).toEqual([
      {
        financier: 'World Bank',
        financierRef: '44000',
        role: 'lead',
        label: 'corrected by hand',
        amount: { amount: '250', currency: 'EUR', valueDate: null },
      },
    ]);
    expect(corrected.corrections.map((c) => [c.field, c.by])).toEqual([
      ['commitment', 'editor-a'],
      ['closingDate', 'editor-b'],
    ]);
    expect(corrected.fieldSources.dates).toBe('manual:c2');
    expect(corrected.titles).toEqual(project.titles);
    // The project as merged is left as it was.
    expect(project.dates).toEqual([{ type: '3', date: '2025-06-30' }]);
  });
});

describe('tokens and rate limits', () => {
  it('orders roles and compares hashes', () => {
    expect(roleAtLeast('admin', 'editor')).toBe(true);
    expect(roleAtLeast('viewer', 'editor')).toBe(false);
    expect(sameHash(tokenHash('a'), tokenHash('a'))).toBe(true);
    expect(sameHash(tokenHash('a'), tokenHash('b'))).toBe(false);
  });

  it('lets a client spend its burst, then refills at the rate given, per client', () => {
    let now = 0;
    const buckets = new TokenBuckets({ capacity: 2, perSecond: 0.5 }, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 2]);
    expect(buckets.take('b')).toBe(0);
    now = 2000;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(2);
  });
});
