// The names of a project's codes (src/portfolio/codeNames.ts), from the real IATI codelists, for a
// real World Bank activity as published in IATI: every code its record uses that a codelist knows.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../src/model/activity.js';
import { codeNamesOf } from '../../src/portfolio/codeNames.js';
import { Labels } from '../../src/portfolio/labels.js';
import { readCodelistFile } from '../../src/sources/iati/codelists.js';
import { readIatiFile } from '../../src/sources/iati/reader.js';
import { SHARED_DATA } from '../support/sharedData.js';

async function activity(file: string, id: string): Promise<Activity> {
  for await (const record of readIatiFile(path.join(SHARED_DATA, file)))
    if (record.kind === 'activity' && record.activity.id === id) return record.activity;
  throw new Error(`${id} is not in ${file}`);
}

describe('codeNamesOf', () => {
  it("names the codes of a project's records from the loaded codelists", async () => {
    const lists = path.join(SHARED_DATA, 'codelists/json');
    const entries = (await Promise.all(readdirSync(lists).map((f) => readCodelistFile(path.join(lists, f))))).flat();
    const record = await activity('iati/legacy-1.0x/worldbank-ao.xml', '44000-P000034');
    const names = codeNamesOf([record], new Labels(entries));
    expect(names.TransactionType).toEqual({ '5': 'Interest Payment', '6': 'Loan Repayment' });
    expect(names.ActivityStatus).toEqual({ '3': 'Finalisation' });
    expect(names.OrganisationRole?.['1']).toBe('Funding');
    expect(names.ActivityDateType).toEqual({ '1': 'Planned start', '2': 'Actual start', '3': 'Planned End', '4': 'Actual end' });
    expect(names.Sector?.['21020']).toBe('Road transport');
    expect(names.Country).toEqual({ AO: 'Angola' });
    // A code no codelist has ("Multilateral" is a 1.0x organisation type written out) is left out, not named after itself.
    expect(names.OrganisationType?.Multilateral).toBeUndefined();
  });

  it('names nothing without codelists', async () => {
    const record = await activity('iati/legacy-1.0x/worldbank-ao.xml', '44000-P000034');
    expect(codeNamesOf([record], new Labels([]))).toEqual({});
  });
});
