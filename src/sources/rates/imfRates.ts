// IMF exchange rates (units of national currency per US dollar) in the CSV layout that the
// codeforIATI imf-exchangerates project republishes from IMF International Financial Statistics:
//
//   Date,Rate,Currency,Frequency,Source,Country code,Country
//   2015-01-31,184.45,KZT,M,IMF,KZ,Kazakhstan
//
// The files are organised by country, so one currency shows up once per country that uses it
// (USD for Ecuador and El Salvador, EUR for every euro-area member, XOF for the WAEMU states).
// A currency needs one rate per period: the currency union's own series (the IMF gives unions codes
// with a digit, such as U2 for the euro area) wins over a member's copy, which can differ slightly;
// otherwise the first row wins. Source: International Monetary Fund.

import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CsvError, parse } from 'csv-parse';
import type { ExchangeRate } from '../../model/exchangeRate.js';
import { InputError, type InputWarning } from '../../model/problems.js';
import { fetchText, type HttpRequestOptions, resolveBaseUrl } from '../http.js';

export const IMF_RATES_DEFAULT_BASE_URL = 'https://codeforiati.org/imf-exchangerates/';
export const IMF_RATES_URL_VARIABLE = 'DEVFIN_RATES_URL';

/** The files under the base URL: monthly rates for all years, then annual averages. */
export const IMF_RATES_FILES = ['imf_exchangerates.csv', 'imf_exchangerates_A_ENDA_USD.csv'] as const;

const REQUIRED_COLUMNS = ['Date', 'Rate', 'Currency', 'Frequency'] as const;
/** The required columns, and the optional country code (-1 when absent). */
type RequiredColumn = (typeof REQUIRED_COLUMNS)[number] | 'CountryCode';

export interface ImfRatesReadOptions {
  /** Told about each row that is left out on purpose (no rate, rate not above zero, no currency). */
  onSkipped?: (warning: InputWarning) => void;
}

/**
 * Reads an IMF rates CSV as it streams in. `input` is the CSV text itself or its chunks (a file
 * stream, a response body); `source` names it (path or URL) in records and errors.
 * Yields one rate per (currency, frequency, period), the first row that gives it.
 */
export async function* readImfRatesCsv(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string> | string,
  source: string,
  options: ImfRatesReadOptions = {},
): AsyncGenerator<ExchangeRate> {
  const parser = parse({ bom: true, info: true, skip_empty_lines: true, trim: true });
  const chunks = Readable.from(typeof input === 'string' ? [input] : input);
  // An error in the input ends the parser with that error, and the loop below throws it.
  pipeline(chunks, parser, () => {});

  // Rates are few (a few thousand per file), so they are collected to let a union's series win.
  const chosen = new Map<string, { rate: ExchangeRate; fromUnion: boolean }>();
  let columns: Record<RequiredColumn, number> | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (columns === null) {
        columns = locateColumns(record, source, line);
        continue;
      }
      const row = readRow(record, columns, source, line);
      if (typeof row === 'string') {
        options.onSkipped?.({ file: source, line, message: row });
        continue;
      }
      const key = `${row.currency}\t${row.frequency}\t${row.period}`;
      const fromUnion = /\d/.test(record[columns.CountryCode] ?? '');
      const previous = chosen.get(key);
      if (!previous || (fromUnion && !previous.fromUnion)) chosen.set(key, { rate: { ...row, source }, fromUnion });
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? error.lines : null;
      throw new InputError({ file: source, line }, `malformed CSV: ${error.message}`);
    }
    throw error;
  } finally {
    chunks.destroy();
    parser.destroy();
  }
  if (columns === null) throw new InputError({ file: source, line: 1 }, 'empty file: no header row');
  for (const { rate } of chosen.values()) yield rate;
}

/** Reads an IMF rates CSV file from disk. */
export function readImfRatesFile(path: string, options: ImfRatesReadOptions = {}): AsyncGenerator<ExchangeRate> {
  // The first-start snapshot keeps its rates gzipped.
  // pipeline, not pipe: a read error (no such file) then reaches the reader through the gunzip stream.
  const bytes = path.toLowerCase().endsWith('.gz') ? pipeline(createReadStream(path), createGunzip(), () => {}) : createReadStream(path);
  return readImfRatesCsv(bytes, path, options);
}

export interface ImfRatesDownloadOptions extends HttpRequestOptions, ImfRatesReadOptions {
  /** Where the files are; else $DEVFIN_RATES_URL, else the codeforIATI site. */
  baseUrl?: string;
  onProgress?: (progress: ImfRatesProgress) => void;
}

export interface ImfRatesProgress {
  url: string;
  stage: 'downloading' | 'reading' | 'done';
  bytesReceived: number;
  bytesTotal: number | null;
  /** Rates yielded so far from this URL. */
  rates: number;
}

/**
 * Downloads the monthly and the annual IMF files and yields their rates, monthly first.
 * Each file is downloaded whole before it is read: a few megabytes, and a connection that breaks
 * half-way can then be retried without yielding any rate twice.
 */
export async function* downloadImfRates(options: ImfRatesDownloadOptions = {}): AsyncGenerator<ExchangeRate> {
  const baseUrl = resolveBaseUrl(options.baseUrl, IMF_RATES_URL_VARIABLE, IMF_RATES_DEFAULT_BASE_URL);
  const { onProgress } = options;
  for (const file of IMF_RATES_FILES) {
    const url = new URL(file, baseUrl).href;
    let bytesReceived = 0;
    let bytesTotal: number | null = null;
    const text = await fetchText(url, {
      ...options,
      onBytes: (received, total) => {
        bytesReceived = received;
        bytesTotal = total;
        options.onBytes?.(received, total);
        onProgress?.({ url, stage: 'downloading', bytesReceived, bytesTotal, rates: 0 });
      },
    });
    let rates = 0;
    for await (const rate of readImfRatesCsv(text, url, options)) {
      rates++;
      if (onProgress && rates % 5000 === 0) onProgress({ url, stage: 'reading', bytesReceived, bytesTotal, rates });
      yield rate;
    }
    onProgress?.({ url, stage: 'done', bytesReceived, bytesTotal, rates });
  }
}

function locateColumns(header: string[], source: string, line: number): Record<RequiredColumn, number> {
  const found: Partial<Record<RequiredColumn, number>> = { CountryCode: header.indexOf('Country code') };
  for (const name of REQUIRED_COLUMNS) {
    const index = header.indexOf(name);
    if (index >= 0) found[name] = index;
  }
  const missing = REQUIRED_COLUMNS.filter((name) => found[name] === undefined);
  if (missing.length > 0) {
    throw new InputError(
      { file: source, line },
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header is: ${header.join(',')})`,
    );
  }
  return found as Record<RequiredColumn, number>;
}

type RateRow = Omit<ExchangeRate, 'source'>;

/** A rate, or the reason the row is skipped; throws on a row that cannot be right. */
function readRow(record: string[], columns: Record<RequiredColumn, number>, file: string, line: number): RateRow | string {
  const field = (name: RequiredColumn): string => record[columns[name]] ?? '';
  const position = { file, line };

  const date = field('Date');
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const month = parts ? Number(parts[2]) : 0;
  if (!parts || month < 1 || month > 12) throw new InputError(position, `Date ${JSON.stringify(date)} is not a YYYY-MM-DD date`);

  const frequency = field('Frequency');
  if (frequency !== 'M' && frequency !== 'A') {
    throw new InputError(position, `Frequency ${JSON.stringify(frequency)} is neither M (monthly) nor A (annual)`);
  }

  const rateText = field('Rate');
  if (rateText === '') return 'no rate';
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(rateText)) {
    throw new InputError(position, `Rate ${JSON.stringify(rateText)} is not a number`);
  }
  const unitsPerUsd = Number(rateText);
  if (!Number.isFinite(unitsPerUsd)) throw new InputError(position, `Rate ${rateText} is out of range`);
  if (unitsPerUsd <= 0) return `rate ${rateText} is not above zero`;

  // The IMF gives some regional series (CEMAC, Curaçao & St. Maarten) with no currency code; the
  // same currencies come again under the member countries, so nothing is lost by skipping them.
  const currency = field('Currency');
  if (currency === '') return 'no currency code';
  if (!/^[A-Z]{3}$/.test(currency)) throw new InputError(position, `Currency ${JSON.stringify(currency)} is not a three-letter code`);

  // The date is the last day of the period it stands for, so only its month or year matters.
  const period = frequency === 'M' ? `${parts[1]}-${parts[2]}` : `${parts[1]}`;
  return { currency, frequency, period, unitsPerUsd };
}
