// The import log counts warnings per kind and field, read from the readers' messages as they word them.
import { describe, expect, it } from 'vitest';
import { classifyWarning } from '../../src/model/warningKind.js';

const at = { file: 'f.xml', line: 3 };

describe('classifyWarning', () => {
  it.each([
    ['P1: unknown Sector code "NA" (kept as given)', 'unknown-code', 'Sector', 'P1'],
    ['P123456: Approval Date "31/02/2020" is not a date; left out', 'date', 'Approval Date', 'P123456'],
    ['P1: closingdate "soon" is not a date; left empty', 'date', 'closingdate', 'P1'],
    ['X-1: "2020-13-01" is not a date (left out)', 'date', null, 'X-1'],
    [
      'P1: curr_total_commitment "0.5" and totalamt "500,000" differ by a factor of 1,000: one of them is in other units (millions?); stored as published',
      'disagreement',
      'curr_total_commitment',
      'P1',
    ],
    ['GB-1-2: no currency on the value and no default-currency on the activity', 'currency', 'currency', 'GB-1-2'],
    ['GB-1-2: transaction without a transaction-type (left out)', 'missing', 'transaction-type', 'GB-1-2'],
    ['P9: no iati-identifier; the other-identifier is used as the id', 'missing', 'iati-identifier', 'P9'],
    ['P1: empty value (amount left out)', 'amount', null, 'P1'],
    ['P1: sector percentages (DAC 5-digit) add up to 120%; shares rescaled to 100%', 'percentage', 'sector', 'P1'],
    ['something else entirely', 'other', null, null],
  ])('%s', (message, kind, field, recordId) => {
    expect(classifyWarning({ ...at, message })).toMatchObject({ kind, field, recordId });
  });
});
