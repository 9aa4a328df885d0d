// Bad input through the devfin command: each case gets a clear message naming file and line, a
// non-zero exit, and leaves the store exactly as it was (every row of every table).
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDevfin, temporaryDir } from '../support/cli.js';
import { iatiFile, lineOf, writeFixture } from '../support/iatiFixtures.js';
import { snapshotStore } from '../support/storeSnapshot.js';

const dir = temporaryDir();
const store = path.join(dir, 'store.sqlite');
const many = Array.from({ length: 700 }, (_, i) => ({ id: `XM-TEST-1-BULK-${i}` }));

beforeAll(async () => {
  const good = writeFixture(dir, 'good.xml', iatiFile([{ id: 'XM-TEST-1-GOOD-1' }, { id: 'XM-TEST-1-GOOD-2', country: 'UZ' }]));
  const result = await runDevfin(['import', '--db', store, good]);
  expect(result.code).toBe(0);
});

const BOMB = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
${iatiFile([{ id: 'XM-TEST-1-BOMB', title: '&lol9;' }], '')}`;

const EXTERNAL = `<?xml version="1.0"?>
<!DOCTYPE iati-activities [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
${iatiFile([{ id: 'XM-TEST-1-XXE', title: '&secret;' }], '')}`;

const valid = iatiFile([{ id: 'XM-TEST-1-NEW' }]);
const latin1Title = Buffer.concat([
  Buffer.from(iatiFile([{ id: 'XM-TEST-1-LATIN', title: 'Caf' }]).split('Caf</narrative>')[0] as string),
  Buffer.from([0x63, 0x61, 0x66, 0xe9]), // "café" in ISO-8859-1
  Buffer.from(`</narrative>${iatiFile([{ id: 'XM-TEST-1-LATIN', title: 'Caf' }]).split('Caf</narrative>')[1]}`),
]);

interface Case {
  name: string;
  content: string | Buffer;
  /** The line the message must name (null: the message names the file only). */
  line: number | null;
  message: RegExp;
}

const cases: Case[] = [
  {
    name: 'truncated.xml',
    content: valid.slice(0, valid.indexOf('</transaction>')),
    line: lineOf(valid, '</transaction>'),
    message: /malformed XML/,
  },
  {
    name: 'mismatched.xml',
    content: valid.replace('</title>', '</titel>'),
    line: lineOf(valid, '</title>'),
    message: /malformed XML: unexpected close tag/,
  },
  {
    name: 'not-iati.xml',
    content: '<?xml version="1.0"?>\n<html>\n<body>hello</body></html>\n',
    line: 2,
    message: /not an IATI file.*<html>/,
  },
  { name: 'not-xml.xml', content: '\nid,title\n1,Road\n', line: 2, message: /not XML: the content starts with "id,title"/ },
  { name: 'bomb.xml', content: BOMB, line: 2, message: /DOCTYPE/ },
  { name: 'external-entity.xml', content: EXTERNAL, line: 2, message: /DOCTYPE/ },
  { name: 'latin1-declared-utf8.xml', content: latin1Title, line: lineOf(valid, '<title>'), message: /not valid UTF-8/ },
  {
    name: 'latin1-undeclared.xml',
    content: Buffer.from(latin1Title.toString('latin1').replace('<?xml version="1.0" encoding="UTF-8"?>\n', '\n'), 'latin1'),
    line: lineOf(valid, '<title>'),
    message: /not valid UTF-8/,
  },
  { name: 'utf16-declared.xml', content: valid.replace('encoding="UTF-8"', 'encoding="UTF-16"'), line: 1, message: /UTF-16/ },
  {
    name: 'unknown-encoding.xml',
    content: valid.replace('encoding="UTF-8"', 'encoding="KLINGON-8"'),
    line: 1,
    message: /unsupported encoding "KLINGON-8"/,
  },
  {
    name: 'non-numeric.xml',
    content: iatiFile([{ id: 'XM-TEST-1-A' }, { id: 'XM-TEST-1-B', value: '12,5O0' }]),
    line: lineOf(iatiFile([{ id: 'XM-TEST-1-A' }, { id: 'XM-TEST-1-B', value: '12,5O0' }]), '12,5O0'),
    message: /"12,5O0" is not a number/,
  },
  {
    name: 'absurd.xml',
    content: iatiFile([{ id: 'XM-TEST-1-A', value: '1e20' }]),
    line: lineOf(iatiFile([{ id: 'XM-TEST-1-A', value: '1e20' }]), '1e20'),
    message: /absurdly large/,
  },
  {
    name: 'duplicate.xml',
    content: iatiFile([{ id: 'XM-TEST-1-A' }, { id: 'XM-TEST-1-B' }, { id: 'XM-TEST-1-A' }]),
    line: 31, // the third activity: each fixture activity takes 14 lines after the 2 of the header
    message: /duplicate iati-identifier "XM-TEST-1-A" \(first at line 3\)/,
  },
  { name: 'empty.xml', content: '', line: null, message: /the file is empty/ },
  { name: 'blank.xml', content: '\n\n   \n', line: null, message: /the file is empty/ },
  {
    // The error comes after the first batches were written inside the transaction: all must go.
    name: 'late-error.xml',
    content: iatiFile([...many, { id: 'XM-TEST-1-LATE', value: 'lots' }]),
    line: lineOf(iatiFile([...many, { id: 'XM-TEST-1-LATE', value: 'lots' }]), '>lots<'),
    message: /"lots" is not a number/,
  },
];

describe('bad input is rejected whole, with file and line, and the store is untouched', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const file = writeFixture(dir, c.name, c.content);
      const before = snapshotStore(store);
      const result = await runDevfin(['import', '--db', store, file]);
      // The only file given was refused: nothing imported.
      expect(result.code).toBe(3);
      const where = c.line == null ? `${file}:` : `${file}:${c.line}:`;
      expect(result.stderr).toContain(`rejected ${where}`);
      expect(result.stderr).toMatch(c.message);
      expect(result.stderr).toContain('nothing from this file was stored');
      expect(snapshotStore(store)).toEqual(before);
    });
  }

  it('never reads the external entity', async () => {
    const snapshot = JSON.stringify(snapshotStore(store));
    expect(snapshot).not.toContain('root:');
  });

  it('imports a file that declares its single-byte encoding correctly', async () => {
    const file = writeFixture(
      dir,
      'latin1-declared.xml',
      Buffer.from(latin1Title.toString('latin1').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1'),
    );
    const result = await runDevfin(['import', '--db', store, file]);
    expect(result.code).toBe(0);
    const list = JSON.parse((await runDevfin(['activities', '--db', store, '--q', 'café', '--json'])).stdout);
    expect(list.map((a: { title: string }) => a.title)).toEqual(['café']);
  });

  it('counts warnings, lists them with --verbose and imports the file', async () => {
    const content = iatiFile([
      { id: 'XM-TEST-1-W1', currency: null },
      { id: 'XM-TEST-1-W2', extra: '\n    <transaction><transaction-type code="3"/><value currency="USD"></value></transaction>' },
    ]);
    const file = writeFixture(dir, 'warnings.xml', content);
    const result = await runDevfin(['import', '--db', store, '--verbose', file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('2 added');
    expect(result.stderr).toContain('2 warnings');
    expect(result.stderr).toContain(`warning: ${file}:${lineOf(content, '<value value-date')}: XM-TEST-1-W1: no currency on the value`);
    expect(result.stderr).toMatch(new RegExp(`warning: ${file}:\\d+: XM-TEST-1-W2: empty value`));
  });
});
