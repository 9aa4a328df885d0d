import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExchangeRate } from '../../src/model/exchangeRate.js';
import { InputError, type InputWarning } from '../../src/model/problems.js';
import { HttpError } from '../../src/sources/http.js';
import { downloadImfRates, readImfRatesCsv, readImfRatesFile } from '../../src/sources/rates/imfRates.js';
import { type RecordedServer, startRecordedServer } from '../support/recordedServer.js';
import { SHARED_DATA } from '../support/sharedData.js';

const RATES = path.join(SHARED_DATA, 'exchangerates');
const MONTHLY = path.join(RATES, 'imf_monthly_2015_2020.csv');
const ANNUAL = path.join(RATES, 'imf_exchangerates_A_ENDA_USD.csv');
const HEADER = 'Date,Rate,Currency,Frequency,Source,Country code,Country';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/**
 * A second, deliberately naive reading of the shared files: in them only the last column (Country)
 * is ever quoted, so the first four fields can be split on commas.
 */
/** One rate per currency and period: a currency union's row (country code with a digit) if any, else the first. */
function naiveRates(file: string, periodLength: number): Map<string, number> {
  const chosen = new Map<string, { rate: number; union: boolean }>();
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/).slice(1)) {
    if (line === '') continue;
    const [date = '', rate = '', currency = '', , , countryCode = ''] = line.split(',');
    if (currency === '' || rate === '' || Number(rate) <= 0) continue;
    const key = `${currency} ${date.slice(0, periodLength)}`;
    const union = /\d/.test(countryCode);
    const seen = chosen.get(key);
    if (!seen || (union && !seen.union)) chosen.set(key, { rate: Number(rate), union });
  }
  return new Map([...chosen].map(([key, { rate }]) => [key, rate]));
}

function byKey(rates: ExchangeRate[]): Map<string, ExchangeRate> {
  return new Map(rates.map((rate) => [`${rate.currency} ${rate.period}`, rate]));
}

describe('readImfRatesCsv on the shared IMF files', () => {
  it('reads the monthly file: one rate per currency and month, as the CSV gives it', async () => {
    const warnings: InputWarning[] = [];
    const rates = await collect(readImfRatesFile(MONTHLY, { onSkipped: (warning) => warnings.push(warning) }));
    const expected = naiveRates(MONTHLY, 7);

    expect(rates).toHaveLength(expected.size);
    expect(byKey(rates).size).toBe(rates.length);
    expect(rates.every((rate) => rate.frequency === 'M' && /^\d{4}-\d{2}$/.test(rate.period))).toBe(true);

    const kzt = byKey(rates).get('KZT 2015-01');
    expect(kzt).toEqual({ currency: 'KZT', frequency: 'M', period: '2015-01', unitsPerUsd: expected.get('KZT 2015-01'), source: MONTHLY });
    expect(kzt?.unitsPerUsd).toBe(184.45);
    for (const [key, rate] of byKey(rates)) expect(rate.unitsPerUsd, key).toBe(expected.get(key));

    // Dollarised economies (Ecuador, El Salvador, …) give USD = 1 once per month, not once per country.
    expect(rates.filter((rate) => rate.currency === 'USD')).toHaveLength(72);
    // The regional series without a currency code (CEMAC, Curaçao & St. Maarten) are skipped and said so.
    expect(warnings).toHaveLength(144);
    expect(warnings[0]).toMatchObject({ file: MONTHLY, message: 'no currency code' });
  });

  it('reads the annual file: one rate per currency and year, the union series where there is one', async () => {
    const text = readFileSync(ANNUAL, 'utf8');
    const rates = await collect(readImfRatesCsv(text, 'annual.csv'));
    const expected = naiveRates(ANNUAL, 4);

    expect(rates).toHaveLength(expected.size);
    for (const [key, rate] of byKey(rates)) expect(rate.unitsPerUsd, key).toBe(expected.get(key));
    expect(rates.every((rate) => rate.frequency === 'A' && /^\d{4}$/.test(rate.period) && rate.source === 'annual.csv')).toBe(true);

    const kztYears = rates.filter((rate) => rate.currency === 'KZT').map((rate) => rate.period);
    expect(kztYears[0]).toBe('1994');
    expect(kztYears.at(-1)).toBe('2024');
  });

  it('accepts the CSV in chunks that split lines anywhere', async () => {
    const text = `${HEADER}\n2015-01-31,184.45,KZT,M,IMF,KZ,Kazakhstan\n2016-12-31,342.16,KZT,A,IMF,KZ,"Kazakhstan, Republic of"\n`;
    async function* inPieces(): AsyncGenerator<Buffer> {
      for (let i = 0; i < text.length; i += 7) yield Buffer.from(text.slice(i, i + 7));
    }
    expect(await collect(readImfRatesCsv(inPieces(), 'pieces.csv'))).toEqual([
      { currency: 'KZT', frequency: 'M', period: '2015-01', unitsPerUsd: 184.45, source: 'pieces.csv' },
      { currency: 'KZT', frequency: 'A', period: '2016', unitsPerUsd: 342.16, source: 'pieces.csv' },
    ]);
  });
});

describe('readImfRatesCsv on bad input', () => {
  const read = (text: string) => collect(readImfRatesCsv(text, 'rates.csv'));

  it('skips rows with no rate or a rate that is not above zero, and reports them', async () => {
    const warnings: InputWarning[] = [];
    const text = [
      HEADER,
      '2015-01-31,,AFN,M,IMF,AF,Afghanistan',
      '2015-01-31,0,ALL,M,IMF,AL,Albania',
      '2015-01-31,-1,DZD,M,IMF,DZ,Algeria',
      '2015-01-31,1.0e2,AOA,M,IMF,AO,Angola',
    ].join('\n');
    const rates = await collect(readImfRatesCsv(text, 'rates.csv', { onSkipped: (warning) => warnings.push(warning) }));
    expect(rates.map((rate) => [rate.currency, rate.unitsPerUsd])).toEqual([['AOA', 100]]);
    expect(warnings.map((warning) => warning.line)).toEqual([2, 3, 4]);
  });

  it('prefers the currency union series, else the first country that gives the currency', async () => {
    const text = [
      HEADER,
      '2021-12-31,0.8453,EUR,A,IMF,AD,Andorra',
      '2021-12-31,0.8455,EUR,A,IMF,U2,Euro area',
      '2021-12-31,0.8453,EUR,A,IMF,ME,Montenegro',
      '2021-12-31,1,USD,A,IMF,EC,Ecuador',
      '2021-12-31,1.01,USD,A,IMF,SV,El Salvador',
    ].join('\n');
    expect((await read(text)).map((rate) => [rate.currency, rate.unitsPerUsd])).toEqual([
      ['EUR', 0.8455],
      ['USD', 1],
    ]);
  });

  it('names the missing columns and the header line', async () => {
    const error = await errorOf(read('Date,Value,Currency\n2015-01-31,1,USD\n'));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).position).toEqual({ file: 'rates.csv', line: 1 });
    expect((error as Error).message).toMatch(/^rates\.csv:1: missing columns Rate, Frequency/);
  });

  it.each([
    ['a rate that is not a number', '2015-02-28,abc,KZT,M,IMF,KZ,Kazakhstan', /Rate "abc" is not a number/],
    ['a date that is not a date', '28/02/2015,1,KZT,M,IMF,KZ,Kazakhstan', /Date "28\/02\/2015"/],
    ['a month 13', '2015-13-31,1,KZT,M,IMF,KZ,Kazakhstan', /Date "2015-13-31"/],
    ['an unknown frequency', '2015-03-31,1,KZT,Q,IMF,KZ,Kazakhstan', /Frequency "Q"/],
    ['a currency that is not a code', '2015-03-31,1,Tenge,M,IMF,KZ,Kazakhstan', /Currency "Tenge"/],
    ['a row with too few fields', '2015-03-31,1,KZT', /malformed CSV: .*Invalid Record Length/],
    ['a quote that is never closed', '2015-03-31,1,KZT,M,IMF,KZ,"Kazakhstan', /malformed CSV: .*Quote Not Closed/],
  ])('rejects %s, naming the file and line', async (_what, badRow, reason) => {
    const text = `${HEADER}\n2015-01-31,184.45,KZT,M,IMF,KZ,Kazakhstan\n${badRow}\n`;
    const error = await errorOf(read(text));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).position).toMatchObject({ file: 'rates.csv', line: 3 });
    expect((error as Error).message).toMatch(/^rates\.csv:3: /);
    expect((error as Error).message).toMatch(reason);
  });

  it('rejects an empty file', async () => {
    await expect(read('')).rejects.toThrow(/rates\.csv:1: empty file/);
  });
});

describe('downloadImfRates', () => {
  let server: RecordedServer | undefined;
  const savedVariable = process.env.DEVFIN_RATES_URL;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    if (savedVariable === undefined) delete process.env.DEVFIN_RATES_URL;
    else process.env.DEVFIN_RATES_URL = savedVariable;
  });

  const recordedFiles = {
    '/imf-exchangerates/imf_exchangerates.csv': MONTHLY,
    '/imf-exchangerates/imf_exchangerates_A_ENDA_USD.csv': ANNUAL,
  };
  const quick = { retryDelayMs: 5, timeoutMs: 5_000 };

  it('downloads the monthly and annual files, retrying after a 503', async () => {
    server = await startRecordedServer(recordedFiles, { failures: [{ times: 1, answer: 503 }] });
    const retries: string[] = [];
    const baseUrl = `${server.url}/imf-exchangerates/`;
    const rates = await collect(downloadImfRates({ ...quick, baseUrl, onRetry: (retry) => retries.push(retry.reason) }));

    const monthly = rates.filter((rate) => rate.frequency === 'M');
    const annual = rates.filter((rate) => rate.frequency === 'A');
    expect(monthly).toHaveLength(naiveRates(MONTHLY, 7).size);
    expect(annual).toHaveLength(naiveRates(ANNUAL, 4).size);
    expect(rates.indexOf(annual[0] as ExchangeRate)).toBe(monthly.length);
    expect(monthly[0]?.source).toBe(`${baseUrl}imf_exchangerates.csv`);
    expect(annual[0]?.source).toBe(`${baseUrl}imf_exchangerates_A_ENDA_USD.csv`);

    expect(retries).toEqual(['HTTP 503 Service Unavailable']);
    expect(server.requests.map((request) => [request.path, request.status])).toEqual([
      ['/imf-exchangerates/imf_exchangerates.csv', 503],
      ['/imf-exchangerates/imf_exchangerates.csv', 200],
      ['/imf-exchangerates/imf_exchangerates_A_ENDA_USD.csv', 200],
    ]);
  });

  it('takes the base URL from DEVFIN_RATES_URL, with or without a final slash', async () => {
    server = await startRecordedServer(recordedFiles);
    process.env.DEVFIN_RATES_URL = `${server.url}/imf-exchangerates`;
    const first = (await downloadImfRates(quick).next()).value as ExchangeRate;
    expect(first.source).toBe(`${server.url}/imf-exchangerates/imf_exchangerates.csv`);
  });

  it('reports progress per file', async () => {
    server = await startRecordedServer(recordedFiles);
    const done: [string, number, number | null][] = [];
    await collect(
      downloadImfRates({
        ...quick,
        baseUrl: `${server.url}/imf-exchangerates/`,
        onProgress: (progress) => {
          if (progress.stage === 'done') done.push([path.posix.basename(progress.url), progress.bytesReceived, progress.bytesTotal]);
        },
      }),
    );
    const size = (file: string) => readFileSync(file).byteLength;
    expect(done).toEqual([
      ['imf_exchangerates.csv', size(MONTHLY), size(MONTHLY)],
      ['imf_exchangerates_A_ENDA_USD.csv', size(ANNUAL), size(ANNUAL)],
    ]);
  });

  it('fails at once on a 404, naming the URL', async () => {
    server = await startRecordedServer({});
    const url = `${server.url}/nowhere/imf_exchangerates.csv`;
    const error = await errorOf(collect(downloadImfRates({ ...quick, baseUrl: `${server.url}/nowhere/` })));
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(404);
    expect((error as Error).message).toBe(`GET ${url}: HTTP 404 Not Found`);
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after the last attempt, saying how many were made', async () => {
    server = await startRecordedServer(recordedFiles, { failures: [{ times: 10, answer: 502 }] });
    const baseUrl = `${server.url}/imf-exchangerates/`;
    await expect(collect(downloadImfRates({ ...quick, attempts: 3, baseUrl }))).rejects.toThrow(
      `GET ${baseUrl}imf_exchangerates.csv: HTTP 502 Bad Gateway (after 3 attempts)`,
    );
    expect(server.requests).toHaveLength(3);
  });

  it('names the URL when the file is not an IMF rates CSV', async () => {
    server = await startRecordedServer({
      '/imf-exchangerates/': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Moved</body></html>\n');
      },
    });
    const baseUrl = `${server.url}/imf-exchangerates/`;
    const error = await errorOf(collect(downloadImfRates({ ...quick, baseUrl })));
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(`${baseUrl}imf_exchangerates.csv:1: missing columns`);
  });
});
