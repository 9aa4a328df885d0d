// The table `devfin activities` writes as it reads: sized by its first page, long text cut, ids and
// amounts whole; and how wide a text is on a terminal.
import { describe, expect, it } from 'vitest';
import { type Column, cut, displayWidth, streamedTable, TABLE_COLUMN_MAX_WIDTH } from '../../src/cli/output.js';

interface Row {
  id: string;
  title: string | null;
  amount: number;
}
const COLUMNS: Column<Row>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'title', value: (r) => r.title },
  { header: 'amount', value: (r) => r.amount, numeric: true },
];

describe('streamedTable', () => {
  it('sizes its columns by the header and the first page, and keeps them for later pages', () => {
    const table = streamedTable(COLUMNS);
    const first = table.page([
      { id: 'A-1', title: 'Roads', amount: 1500 },
      { id: 'A-22', title: null, amount: 2_000_000 },
    ]);
    const later = table.page([{ id: 'B-3', title: 'Water supply and sanitation', amount: 7 }]);
    expect(first + later + table.end()).toBe(
      [
        'id    title     amount',
        '────  ─────  ─────────',
        'A-1   Roads      1,500',
        'A-22         2,000,000',
        // A later title longer than the column is cut to its width with an ellipsis.
        'B-3   Wate…          7',
        '',
      ].join('\n'),
    );
  });

  it(`cuts text at ${TABLE_COLUMN_MAX_WIDTH} columns but never an id or an amount`, () => {
    const table = streamedTable(COLUMNS);
    const id = `XM-${'9'.repeat(60)}`;
    const title = 'Climate resilient and low-carbon development of the regional energy and transport networks';
    const lines = table.page([{ id, title, amount: 1 }]).split('\n');
    expect(lines[2]).toBe(`${id}  ${title.slice(0, TABLE_COLUMN_MAX_WIDTH - 1)}…       1`);
    const wider = table.page([{ id: `${id}-2`, title: 'x', amount: 12_345_678_901 }]);
    // Wider than its column: shown whole, pushing what follows.
    expect(wider).toContain(`${id}-2  x`);
    expect(wider.trimEnd().endsWith('12,345,678,901')).toBe(true);
  });

  it('writes one line per row whatever a title holds', () => {
    const table = streamedTable(COLUMNS);
    const text = table.page([{ id: 'A', title: 'Line one\n\tline two', amount: 0 }]);
    expect(text.split('\n')[2]).toBe('A   Line one line two       0');
  });

  it('writes the header alone for an empty list', () => {
    expect(streamedTable(COLUMNS).end()).toBe('id  title  amount\n──  ─────  ──────\n');
  });
});

describe('displayWidth and cut', () => {
  it('count terminal columns: an accented letter one, a CJK character two, a combining mark none', () => {
    expect(displayWidth('Kazakhstan')).toBe(10);
    expect(displayWidth('Côte d’Ivoire')).toBe(13);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('中国')).toBe(4);
  });

  it('cut to the width asked, the ellipsis included, never inside a wide character', () => {
    expect(cut('Tajikistan', 10)).toBe('Tajikistan');
    expect(cut('Tajikistan', 6)).toBe('Tajik…');
    expect(cut('中国中国', 4)).toBe('中…');
    expect(displayWidth(cut('中国中国', 4))).toBeLessThanOrEqual(4);
  });
});
