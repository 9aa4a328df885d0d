// npm run snapshot [-- SHARED-DATA-FOLDER [OUTPUT-FOLDER]]: derives the first-start snapshot (snapshot/) from the
// public data beside the checkout (../shared/data by default). It keeps a subset, never whole files:
// the World Bank projects of the CAREC countries (and the "Central Asia" regional ones) with the
// rows of the companion tables that belong to them, the IATI codelists devfin stores (code, name,
// category and status, without the long descriptions) and the IMF exchange rates of the CAREC
// currencies and of the currencies IFIs lend in. Files are written gzipped and byte for byte
// reproducible (no time stamp in the gzip header), so rebuilding from the same data changes nothing.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CODELISTS_NEEDED } from '../src/sources/iati/codelists.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED = path.resolve(process.argv[2] ?? path.join(ROOT, '../shared/data'));
const OUT = path.resolve(process.argv[3] ?? path.join(ROOT, 'snapshot'));

/** The day the World Bank export was taken (see the export's README). */
const AS_OF = '2025-03-31';

/** How the World Bank names the CAREC member countries in `countryshortname`. */
const CAREC_COUNTRY_NAMES = [
  'Afghanistan',
  'Azerbaijan',
  'China',
  'Georgia',
  'Kazakhstan',
  'Kyrgyz Republic',
  'Mongolia',
  'Pakistan',
  'Tajikistan',
  'Turkmenistan',
  'Uzbekistan',
];
/**
 * Regional projects kept: "Central Asia" is the CAREC countries' own region. "Europe and Central
 * Asia" is the Bank's whole ECA region (the Balkans, Turkey, Ukraine, …), so its rows are left out.
 */
const REGION_NAMES = ['Central Asia'];

const COMPANION_TABLES = ['project_financiers', 'project_sectors', 'project_themes', 'project_geo'];

/** The CAREC currencies, and those the IFIs lending in the region report amounts in. */
const CURRENCIES = [
  ...['AFN', 'AZN', 'CNY', 'GEL', 'KGS', 'KZT', 'MNT', 'PKR', 'TJS', 'TMT', 'UZS'],
  ...['AED', 'AUD', 'CAD', 'CHF', 'DKK', 'EUR', 'GBP', 'INR', 'JPY', 'KRW', 'KWD', 'NOK', 'RUB', 'SAR', 'SEK', 'TRY', 'XDR'],
];
const RATE_FILES = ['imf_exchangerates_A_ENDA_USD.csv', 'imf_monthly_2015_2020.csv'];

type Row = Record<string, string>;

function readCsv(file: string): { header: string[]; rows: Row[] } {
  const rows = parse(readFileSync(file), { columns: true, bom: true }) as Row[];
  const header = (parse(readFileSync(file), { bom: true, to_line: 1 }) as string[][])[0] ?? [];
  return { header, rows };
}

const written: { file: string; rows: number; bytes: number; from: string }[] = [];

function writeGzip(relative: string, text: string, rows: number, from: string): void {
  const file = path.join(OUT, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  const bytes = gzipSync(text, { level: 9 });
  writeFileSync(file, bytes);
  written.push({ file: relative, rows, bytes: bytes.length, from });
}

function writeCsv(relative: string, header: string[], rows: Row[], from: string): void {
  writeGzip(relative, stringify(rows, { header: true, columns: header }), rows.length, from);
}

rmSync(path.join(OUT, 'worldbank'), { recursive: true, force: true });
rmSync(path.join(OUT, 'codelists'), { recursive: true, force: true });
rmSync(path.join(OUT, 'rates'), { recursive: true, force: true });

// World Bank projects and the companion rows of the projects kept.
const projects = readCsv(path.join(SHARED, 'worldbank/projects.csv'));
const kept = new Set([...CAREC_COUNTRY_NAMES, ...REGION_NAMES]);
const keptProjects = projects.rows.filter((row) => kept.has(row.countryshortname ?? ''));
const projectIds = new Set(keptProjects.map((row) => row.id));
writeCsv('worldbank/projects.csv.gz', projects.header, keptProjects, 'worldbank/projects.csv');
for (const table of COMPANION_TABLES) {
  const { header, rows } = readCsv(path.join(SHARED, `worldbank/${table}.csv`));
  writeCsv(
    `worldbank/${table}.csv.gz`,
    header,
    rows.filter((row) => projectIds.has(row.project_id)),
    `worldbank/${table}.csv`,
  );
}

// Codelists: the lists devfin stores, each item cut to what devfin reads.
for (const list of CODELISTS_NEEDED) {
  const document = JSON.parse(readFileSync(path.join(SHARED, `codelists/json/${list}.json`), 'utf8')) as {
    attributes: unknown;
    metadata: Record<string, unknown>;
    data: Record<string, unknown>[];
  };
  const data = document.data.map(({ code, name, category, status }) => ({ code, name, ...(category ? { category } : {}), status }));
  const metadata = { name: document.metadata.name, 'last-updated-date': document.metadata['last-updated-date'] };
  writeGzip(
    `codelists/${list}.json.gz`,
    `${JSON.stringify({ attributes: document.attributes, metadata, data })}\n`,
    data.length,
    `codelists/json/${list}.json`,
  );
}

// Exchange rates: the chosen currencies, one row per currency, frequency and period. The currency
// union's own series wins over a member's copy (as the reader chooses), so the euro is one series.
for (const name of RATE_FILES) {
  const { header, rows } = readCsv(path.join(SHARED, `exchangerates/${name}`));
  const chosen = new Map<string, Row>();
  for (const row of rows) {
    if (!CURRENCIES.includes(row.Currency ?? '')) continue;
    const key = `${row.Currency}\t${row.Frequency}\t${row.Date}`;
    const previous = chosen.get(key);
    const fromUnion = /\d/.test(row['Country code'] ?? '');
    if (!previous || (fromUnion && !/\d/.test(previous['Country code'] ?? ''))) chosen.set(key, row);
  }
  writeCsv(`rates/${name}.gz`, header, [...chosen.values()], `exchangerates/${name}`);
}

const manifest = {
  asOf: AS_OF,
  worldBank: { countries: CAREC_COUNTRY_NAMES, regions: REGION_NAMES, projects: keptProjects.length },
  codelists: CODELISTS_NEEDED,
  currencies: CURRENCIES,
  files: written,
};
writeFileSync(path.join(OUT, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
const total = written.reduce((sum, f) => sum + f.bytes, 0);
for (const f of written) process.stdout.write(`${f.file}: ${f.rows} rows, ${f.bytes} bytes\n`);
process.stdout.write(`snapshot of ${AS_OF}: ${written.length} files, ${total} bytes gzipped, in ${OUT}\n`);
