import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/problems.js';
import { createRecordParser, type RecordHandlers, saxesParser, type XmlElement } from '../../src/sources/iati/xmlTree.js';

// V8's own test of an object's layout: the parser's fields must stay fast properties, read by
// offset, or every character it reads costs a hash lookup (see saxesParser).
setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

function collecting(): RecordHandlers & { records: XmlElement[]; ignoredLines: number[] } {
  const records: XmlElement[] = [];
  const ignoredLines: number[] = [];
  return {
    records,
    ignoredLines,
    root() {},
    recordNames: new Set(['iati-activity']),
    record(element) {
      records.push(element);
    },
    ignored(line) {
      ignoredLines.push(line);
    },
  };
}

const FILE = `<?xml version="1.0"?>
<iati-activities version="2.03">
  <iati-activity>
    <iati-identifier>XM-1</iati-identifier>
    <title><narrative><![CDATA[Roads & bridges]]></narrative></title>
  </iati-activity>
  <?devfin note?>
</iati-activities>
`;

describe('the record parser', () => {
  it('keeps the parser object in fast properties with every handler it needs', () => {
    const handlers = collecting();
    const parser = saxesParser('test.xml', handlers);
    parser.write(FILE);
    parser.close();
    expect(handlers.records).toHaveLength(1);
    expect(handlers.ignoredLines).toEqual([7]);
    expect(hasFastProperties(parser)).toBe(true);
  });

  it('hands over records with their text and turns malformed XML into an error naming the line', () => {
    const handlers = collecting();
    const parser = createRecordParser('test.xml', handlers);
    parser.write(FILE);
    parser.close();
    const title = handlers.records[0]?.children.find((c) => c.name === 'title');
    expect(title?.children[0]?.text).toBe('Roads & bridges');

    const broken = createRecordParser('broken.xml', collecting());
    let error: unknown;
    try {
      broken.write('<iati-activities>\n<iati-activity>\n</iati-activities>');
      broken.close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).reason).toMatch(/^malformed XML: /);
    expect((error as InputError).position).toMatchObject({ file: 'broken.xml', line: 3 });
  });

  it('lets an error of a handler through as it is', () => {
    const handlers = collecting();
    const refusal = new InputError({ file: 'x.xml', line: 1 }, 'not an IATI file');
    handlers.root = () => {
      throw refusal;
    };
    const parser = createRecordParser('x.xml', handlers);
    expect(() => parser.write('<other/>')).toThrow(refusal);
  });
});
