// devfin statements add / timeline: kept statements give a country's timeline of engagements.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { SHARED_DATA } from '../support/sharedData.js';
import { rowCounts } from '../support/storeSnapshot.js';

const STATEMENTS = path.join(SHARED_DATA, 'statements');

describe('the timeline of engagements', () => {
  it('keeps statements once and lists their events in date order, by country', async () => {
    const store = path.join(temporaryDir(), 'store.sqlite');
    const files = [
      'seed-carec-ministerial.txt',
      '17_qazinform-aiib-uzbekistan-1bn-2025.txt',
      '14_trend-ebrd-kyrgyzstan-irrigation-loans.txt',
    ].map((f) => path.join(STATEMENTS, f));
    const added = await runDevfin(['statements', 'add', '--db', store, ...files]);
    expect(added.code, added.stderr).toBe(0);
    expect(rowCounts(store).statement).toBe(3);
    await runDevfin(['statements', 'add', '--db', store, files[0] as string]);
    expect(rowCounts(store).statement).toBe(3);

    const all = await devfinJson<{ when: string | null; type: string; countries: string[] }[]>(['statements', 'timeline', '--db', store]);
    expect(all.length).toBeGreaterThan(0);
    const dates = all.map((e) => e.when ?? '');
    expect(dates).toEqual([...dates].sort());
    const kg = await devfinJson<{ countries: string[] }[]>(['statements', 'timeline', '--db', store, '--country', 'KG']);
    expect(kg.length).toBeGreaterThan(0);
    expect(kg.every((e) => e.countries.includes('KG'))).toBe(true);
    expect(kg.length).toBeLessThan(all.length);
  });
});
