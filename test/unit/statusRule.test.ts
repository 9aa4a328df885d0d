// The status rule (model/status.ts): dates win over a source's status once that status is older
// than the day asked about; a source's "closed" holds from the day it is known on.
import { describe, expect, it } from 'vitest';
import { statusOnDay } from '../../src/model/status.js';

describe('statusOnDay', () => {
  const day = '2026-01-15';
  it('closes an active project whose closing date has passed', () => {
    expect(statusOnDay({ status: 'active', statusDate: '2021-01-01', closingDate: '2025-12-31' }, day)).toBe('closed');
    expect(statusOnDay({ status: 'active', statusDate: '2021-01-01', closingDate: day }, day)).toBe('closed');
  });
  it('keeps a project active until its closing date, or with none', () => {
    expect(statusOnDay({ status: 'active', statusDate: '2021-01-01', closingDate: '2026-06-30' }, day)).toBe('active');
    expect(statusOnDay({ status: 'active', statusDate: '2021-01-01', closingDate: null }, day)).toBe('active');
  });
  it("holds a source's closed from the day it is known on, even before the planned closing date", () => {
    const closedEarly = { status: 'closed' as const, statusDate: '2025-03-31', closingDate: '2027-06-30' };
    expect(statusOnDay(closedEarly, day)).toBe('closed');
    // Before the source said so, the project was still running.
    expect(statusOnDay(closedEarly, '2024-01-01')).toBe('active');
  });
  it('leaves pipeline, dropped, suspended and unknown statuses as the source gives them', () => {
    for (const status of ['pipeline', 'dropped', 'suspended', null] as const)
      expect(statusOnDay({ status, statusDate: '2020-01-01', closingDate: '2021-01-01' }, day)).toBe(status);
  });
});
