// Reference data read from disk as `--from` and the first-start snapshot read it: folders expanded
// to their files by name, and gzipped codelists and rate files read as the plain ones are.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ExchangeRate } from '../../src/model/exchangeRate.js';
import { filesNamed } from '../../src/sources/files.js';
import { readCodelistFile } from '../../src/sources/iati/codelists.js';
import { readImfRatesFile } from '../../src/sources/rates/imfRates.js';
import { temporaryDir } from '../support/cli.js';
import { SHARED_DATA } from '../support/sharedData.js';

async function allRates(file: string): Promise<ExchangeRate[]> {
  const rates: ExchangeRate[] = [];
  for await (const rate of readImfRatesFile(file)) rates.push({ ...rate, source: '' });
  return rates;
}

describe('filesNamed', () => {
  const dir = temporaryDir('devfin-files-');
  const folder = path.join(dir, 'lists');
  mkdirSync(path.join(folder, 'nested'), { recursive: true });
  for (const name of ['Sector.json', 'Country.json.gz', 'notes.txt', 'Region10.json', 'Region9.json', 'nested/Currency.json'])
    writeFileSync(path.join(folder, name), '{}');

  it('gives a folder’s files with the wanted endings, by name (numbers in order), not its sub-folders', async () => {
    expect(await filesNamed([folder], ['.json', '.json.gz'])).toEqual(
      ['Country.json.gz', 'Region9.json', 'Region10.json', 'Sector.json'].map((name) => path.join(folder, name)),
    );
  });

  it('keeps files as given, in the order given, whatever their name', async () => {
    const notes = path.join(folder, 'notes.txt');
    expect(await filesNamed([notes, folder], ['.json'])).toEqual([
      notes,
      ...['Region9.json', 'Region10.json', 'Sector.json'].map((name) => path.join(folder, name)),
    ]);
  });

  it('names a missing path, and a folder without any wanted file with what was looked for', async () => {
    await expect(filesNamed([path.join(dir, 'nowhere')], ['.json'])).rejects.toThrow(
      `${path.join(dir, 'nowhere')}: no such file or folder`,
    );
    await expect(filesNamed([path.join(folder, 'nested')], ['.csv', '.csv.gz'])).rejects.toThrow(
      `${path.join(folder, 'nested')}: a folder with no *.csv or *.csv.gz files`,
    );
  });
});

describe('gzipped reference files', () => {
  const dir = temporaryDir('devfin-gz-');

  it('reads a gzipped codelist as the plain file, named by the file without .json.gz', async () => {
    const plain = path.join(SHARED_DATA, 'codelists/json/Sector.json');
    const gzipped = path.join(dir, 'Sector.json.gz');
    writeFileSync(gzipped, gzipSync(readFileSync(plain)));
    const entries = await readCodelistFile(gzipped);
    expect(entries[0]?.list).toBe('Sector');
    expect(entries).toEqual(await readCodelistFile(plain));
  });

  it('reads a gzipped rates CSV as the plain file, and names a file that is not there', async () => {
    const plain = path.join(SHARED_DATA, 'exchangerates/imf_monthly_2015_2020.csv');
    const gzipped = path.join(dir, 'monthly.csv.gz');
    writeFileSync(gzipped, gzipSync(readFileSync(plain)));
    const rates = await allRates(gzipped);
    expect(rates.length).toBeGreaterThan(10_000);
    expect(rates).toEqual(await allRates(plain));
    await expect(allRates(path.join(dir, 'missing.csv.gz'))).rejects.toThrow(/ENOENT.*missing\.csv\.gz/);
  });
});
