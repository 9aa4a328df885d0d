// Property-based tests of the readers on generated hostile input (deep nesting, huge attributes,
// entities, exponent amounts, random bytes, long sentences): each input is read whole or refused
// with a clear error (an InputError naming the file, or the statements' NotReadableText), never a
// crash, and in time bounded per MB. The bound is generous (10 s per MB, plus a second to start)
// so that a loaded machine does not fail it; the quadratic readers it guards against took minutes.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/problems.js';
import { MAX_AMOUNT_DECIMALS, readAmount } from '../../src/sources/amountsAndDates.js';
import { readIatiStream } from '../../src/sources/iati/reader.js';
import { MAX_XML_DEPTH } from '../../src/sources/iati/xmlTree.js';
import { readWorldBankExport } from '../../src/sources/worldbank/exportReader.js';
import { readStatementFile } from '../../src/statements/document.js';
import { extractStatement } from '../../src/statements/extract.js';
import { NotReadableText } from '../../src/statements/textInput.js';

const SECONDS_PER_MB = 10;
/**
 * The statement extractor reads every sentence for names, places, figures and people: some 8 to
 * 20 s per MB of text on a 2-core machine under heavy load (linear: 4 times the text took 3 times
 * as long). The bound is still far below the minutes per MB of the quadratic readings it guards against.
 */
const EXTRACTOR_SECONDS_PER_MB = 60;
const START_SECONDS = 1;

function timeBoundMs(bytes: number, secondsPerMb = SECONDS_PER_MB): number {
  return (START_SECONDS + (secondsPerMb * bytes) / 1e6) * 1000;
}

/** Runs `work` on `bytes` of input: it must end, or fail with one of `refusals`, in the time bound. */
async function readsOrRefuses(
  bytes: number,
  work: () => Promise<unknown>,
  refusals: (new (...args: never[]) => Error)[],
  secondsPerMb = SECONDS_PER_MB,
): Promise<'read' | 'refused'> {
  const start = performance.now();
  let outcome: 'read' | 'refused' = 'read';
  try {
    await work();
  } catch (error) {
    if (!refusals.some((kind) => error instanceof kind)) throw error;
    outcome = 'refused';
  }
  expect(performance.now() - start).toBeLessThan(timeBoundMs(bytes, secondsPerMb));
  return outcome;
}

// --- IATI XML ---------------------------------------------------------------------------------

const ACTIVITY_HEAD = '<iati-activity default-currency="USD"><iati-identifier>XM-FUZZ-1</iati-identifier><reporting-org ref="XM"/>';

function activity(body: string, value = '100'): string {
  return `${ACTIVITY_HEAD}<title><narrative>t</narrative></title>${body}<transaction><transaction-type code="2"/><transaction-date iso-date="2020-01-01"/><value value-date="2020-01-01">${value}</value></transaction></iati-activity>`;
}

const file = (inside: string) => `<?xml version="1.0"?>\n<iati-activities version="2.03">${inside}</iati-activities>`;

const nested = (depth: number, tag: string) => `<${tag}>`.repeat(depth) + `</${tag}>`.repeat(depth);

/** What to generate, by kind and size (the content is made in the property: a failure prints a line, not megabytes). */
const hostileIati = fc.oneof(
  // Deep nesting, at the root or inside an activity, up to some 10,000 deep.
  fc.record({
    kind: fc.constant('deep'),
    size: fc.integer({ min: 1, max: 10_000 }),
    inActivity: fc.boolean(),
    entity: fc.constant(''),
    seed: fc.constant(0),
  }),
  // A huge attribute, or many attributes.
  fc.record({
    kind: fc.constant('attribute'),
    size: fc.integer({ min: 1, max: 300_000 }),
    inActivity: fc.constant(true),
    entity: fc.constant(''),
    seed: fc.constant(0),
  }),
  fc.record({
    kind: fc.constant('attributes'),
    size: fc.integer({ min: 1, max: 5_000 }),
    inActivity: fc.constant(true),
    entity: fc.constant(''),
    seed: fc.constant(0),
  }),
  // Entities: predefined, numeric, undefined, many of them.
  fc.record({
    kind: fc.constant('entities'),
    size: fc.integer({ min: 1, max: 50_000 }),
    inActivity: fc.constant(true),
    entity: fc.constantFrom('&amp;', '&lt;', '&#65;', '&#x1F600;', '&undefined;', '&#0;', '&#xFFFFFFFF;'),
    seed: fc.constant(0),
  }),
  // Random bytes, alone or after a valid start.
  fc.record({
    kind: fc.constant('bytes'),
    size: fc.integer({ min: 1, max: 100_000 }),
    inActivity: fc.boolean(),
    entity: fc.constant(''),
    seed: fc.integer(),
  }),
  // A very long text.
  fc.record({
    kind: fc.constant('text'),
    size: fc.integer({ min: 1, max: 2_000_000 }),
    inActivity: fc.constant(true),
    entity: fc.constant(''),
    seed: fc.constant(0),
  }),
);

type IatiCase = { kind: string; size: number; inActivity: boolean; entity: string; seed: number };

function iatiContent({ kind, size, inActivity, entity, seed }: IatiCase): string | Buffer {
  switch (kind) {
    case 'deep':
      return file(inActivity ? activity(nested(size, 'x')) : nested(size, 'x'));
    case 'attribute':
      return file(activity(`<other-identifier ref="${'a'.repeat(size)}"/>`));
    case 'attributes':
      return file(activity(`<other-identifier ${Array.from({ length: size }, (_, i) => `a${i}="v"`).join(' ')}/>`));
    case 'entities':
      return file(activity(`<description><narrative>${entity.repeat(size)}</narrative></description>`));
    case 'bytes':
      return Buffer.concat([Buffer.from(inActivity ? '<iati-activities version="2.03"><iati-activity>' : ''), randomBytes(size, seed)]);
    default:
      return file(activity(`<description><narrative>${'word '.repeat(Math.ceil(size / 5))}</narrative></description>`));
  }
}

/** Bytes from a seed, by a linear congruential generator: random enough, and reproducible from the counterexample. */
function randomBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  let state = seed >>> 0;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

async function readAll(xml: string | Buffer): Promise<number> {
  let activities = 0;
  const bytes = Buffer.from(xml);
  // In 64 KiB chunks, as the file reader gives them.
  const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
  for await (const record of readIatiStream(Readable.from(chunks), 'fuzz.xml')) if (record.kind === 'activity') activities++;
  return activities;
}

describe('the IATI reader on hostile XML', () => {
  it('reads or refuses each input, naming the file, in time linear in its size', async () => {
    await fc.assert(
      fc.asyncProperty(hostileIati, async (input) => {
        const xml = iatiContent(input);
        const outcome = await readsOrRefuses(Buffer.byteLength(xml), () => readAll(xml), [InputError]);
        // Within the bound a nesting is read; beyond it the file is refused.
        if (input.kind === 'deep') expect(outcome).toBe(input.size + (input.inActivity ? 2 : 1) > MAX_XML_DEPTH ? 'refused' : 'read');
      }),
      { numRuns: 60 },
    );
  });

  it('refuses 100,000 nested elements at once, naming the line', async () => {
    const deep = `<iati-activities version="2.03">\n${nested(100_000, 'a')}</iati-activities>`;
    const start = performance.now();
    const error = await readAll(deep).catch((e: unknown) => e);
    expect(performance.now() - start).toBeLessThan(timeBoundMs(deep.length));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^fuzz\.xml:2: elements nest more than 100 deep/);
  });

  it('refuses the InputError way for any error: the message names the file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2000 }), fc.integer(), async (size, seed) => {
        const outcome = await readAll(randomBytes(size, seed)).catch((e: unknown) => e);
        if (typeof outcome !== 'number') {
          expect(outcome).toBeInstanceOf(InputError);
          expect((outcome as InputError).message.startsWith('fuzz.xml')).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

// --- amounts ----------------------------------------------------------------------------------

/** mantissa × 10^exponent as a plain decimal, by BigInt arithmetic (another way than the reader's). */
function exactDecimal(mantissa: string, exponent: number): string {
  const negative = mantissa.startsWith('-');
  const [whole = '', fraction = ''] = mantissa.replace(/^[+-]/, '').split('.');
  const scale = fraction.length - exponent; // value = digits / 10^scale
  let digits = BigInt(`${whole}${fraction}` || '0');
  let places = scale;
  if (places < 0) {
    digits *= 10n ** BigInt(-places);
    places = 0;
  }
  let text = digits.toString().padStart(places + 1, '0');
  if (places > 0) text = `${text.slice(0, -places)}.${text.slice(-places)}`.replace(/\.?0+$/, '');
  return negative && digits !== 0n ? `-${text}` : text;
}

describe('exponent amounts', () => {
  const mantissa = fc
    .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{1,8}$/), fc.option(fc.stringMatching(/^\d{0,8}$/), { nil: undefined }))
    .map(([sign, whole, fraction]) => `${sign}${whole}${fraction === undefined ? '' : `.${fraction}`}`);

  it('are kept exactly (1.5e6 is 1500000) or refused with file and line', () => {
    fc.assert(
      fc.property(mantissa, fc.integer({ min: -40, max: 40 }), fc.constantFrom('e', 'E'), (m, exponent, e) => {
        const text = `${m}${e}${exponent}`;
        let read: string | null;
        try {
          read = readAmount(text, 'fuzz.xml', 7);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).message).toMatch(/^fuzz\.xml:7: value .* (is absurdly large|cannot be kept exactly)/);
          return;
        }
        const expected = exactDecimal(m, exponent);
        expect(read).toBe(expected === '-0' ? '0' : expected);
        expect((read ?? '').split('.')[1]?.length ?? 0).toBeLessThanOrEqual(MAX_AMOUNT_DECIMALS);
        expect(Math.abs(Number(read))).toBeLessThan(1e15);
      }),
      { numRuns: 2000 },
    );
  });

  it('converts the examples of the issue', () => {
    expect(readAmount('5e-7', 'f.xml', 1)).toBe('0.0000005');
    expect(readAmount('1.5e6', 'f.xml', 1)).toBe('1500000');
    expect(readAmount('-2.50E+2', 'f.xml', 1)).toBe('-250');
    expect(() => readAmount('1e-99999999', 'f.xml', 3)).toThrow(/^f\.xml:3: value 1e-99999999 cannot be kept exactly/);
    expect(() => readAmount('1e99999999', 'f.xml', 3)).toThrow(/^f\.xml:3: value 1e99999999 is absurdly large/);
  });
});

// --- World Bank CSV ---------------------------------------------------------------------------

const WB_HEADER =
  '"id","regionname","countryshortname","status","project_name","boardapprovaldate","closingdate","curr_project_cost","curr_total_commitment","borrower"';

const csvField = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.integer({ min: 1, max: 200_000 }).map((n) => 'x'.repeat(n)),
  fc.tuple(fc.stringMatching(/^\d{1,6}(\.\d{0,4})?$/), fc.integer({ min: -30, max: 30 })).map(([m, e]) => `${m}e${e}`),
  fc.constantFrom('"', '""', '\n', '\r\n', ',', '\u0000', '1e400', 'NaN', '-0'),
);

describe('the World Bank CSV reader on hostile rows', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'devfin-fuzz-wb-'));

  it('reads or refuses each file, naming it, in time linear in its size', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(csvField, { minLength: 10, maxLength: 10 }), { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        async (rows, valid) => {
          const folder = path.join(dir, String(run++));
          const lines = rows.map((cells, i) => {
            // Half the files have the fields a row needs right, so the amounts are what is tested.
            const fields = valid
              ? [`P${100000 + i}`, 'Europe', 'Kazakhstan', 'Active', 'Road', '2020-01-01', '', cells[7], cells[8], 'x']
              : cells;
            return fields.map((f) => `"${String(f).replace(/"/g, '""')}"`).join(',');
          });
          const content = `${WB_HEADER}\n${lines.join('\n')}\n`;
          mkdirSync(folder);
          const file = path.join(folder, 'projects.csv');
          writeFileSync(file, content);
          await readsOrRefuses(content.length, async () => {
            for await (const record of readWorldBankExport(file)) void record;
          }, [InputError]);
        },
      ),
      { numRuns: 40 },
    );
  });
});

// --- statements -------------------------------------------------------------------------------

const words = [
  'the',
  'Bank',
  'approved',
  'a',
  '$50',
  'million',
  'loan',
  'to',
  'Kazakhstan',
  'Mr.',
  'Smith',
  'on',
  '3',
  'May',
  '2023',
  'and',
];

/** What to generate, by kind and size: the content is made in the property, so a failure prints a line, not the content. */
const hostileStatement = fc.oneof(
  fc.record({ kind: fc.constant('sentence'), size: fc.integer({ min: 1_000, max: 300_000 }), seed: fc.constant(0) }),
  fc.record({ kind: fc.constant('bytes'), size: fc.integer({ min: 100, max: 200_000 }), seed: fc.integer() }),
  fc.record({ kind: fc.constant('html'), size: fc.integer({ min: 1, max: 100_000 }), seed: fc.constant(0) }),
  fc.record({ kind: fc.constant('abbreviations'), size: fc.integer({ min: 1, max: 20_000 }), seed: fc.constant(0) }),
  fc.record({ kind: fc.constant('lines'), size: fc.integer({ min: 1, max: 20_000 }), seed: fc.constant(0) }),
);

function statementContent({ kind, size, seed }: { kind: string; size: number; seed: number }): { name: string; content: Buffer } {
  switch (kind) {
    case 'sentence':
      return {
        name: 'long.txt',
        content: Buffer.from(Array.from({ length: Math.ceil(size / 6) }, (_, i) => words[(i * 7) % words.length]).join(' ')),
      };
    case 'bytes':
      return { name: 'random.txt', content: randomBytes(size, seed) };
    case 'html':
      return {
        name: 'deep.html',
        content: Buffer.from(
          `<html><body>${nested(size, 'div').replace('</div>', '<p>The Bank approved a $50 million loan to Kazakhstan.</p></div>')}</body></html>`,
        ),
      };
    case 'abbreviations':
      return { name: 'mr.txt', content: Buffer.from('Mr. Smith said. '.repeat(size)) };
    default:
      return { name: 'lines.txt', content: Buffer.from('word and more\n'.repeat(size)) };
  }
}

describe('the statement extractor on hostile input', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'devfin-fuzz-statements-'));
  // The extractor loads its gazetteer and date parser on first use: not part of any input's time.
  beforeAll(() => {
    extractStatement('The Bank approved a $50 million loan to Kazakhstan on 3 May 2023.');
  });

  it('reads or refuses each file, in time linear in its size; binary files give no claims', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(hostileStatement, async (generated) => {
        const input = { kind: generated.kind, ...statementContent(generated) };
        const file = path.join(dir, `${run++}-${input.name}`);
        writeFileSync(file, input.content);
        let claims = -1;
        const outcome = await readsOrRefuses(
          input.content.length,
          async () => {
            claims = extractStatement(readStatementFile(file).text).claims.length;
          },
          [NotReadableText],
          EXTRACTOR_SECONDS_PER_MB,
        );
        if (input.kind === 'bytes' && outcome === 'read') {
          // Bytes that pass as text are text-like (no NUL, few invalid sequences): little to claim.
          expect(input.content.includes(0)).toBe(false);
          expect(claims).toBeLessThan(20);
        }
        if (input.kind === 'sentence' || input.kind === 'abbreviations' || input.kind === 'lines') expect(outcome).toBe('read');
      }),
      { numRuns: 15 },
    );
  });

  it('refuses a binary file and a page nested 100,000 deep with a clear message', () => {
    const binary = path.join(dir, 'binary.bin');
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x41]));
    expect(() => readStatementFile(binary)).toThrow(/binary\.bin: not text: a NUL byte at character 5/);
    const deep = path.join(dir, 'deep100000.html');
    writeFileSync(deep, `<html><body>${nested(100_000, 'div')}</body></html>`);
    expect(() => readStatementFile(deep)).toThrow(/deep100000\.html: the page nests elements more than 500 deep \(line 1\)/);
  });
});
