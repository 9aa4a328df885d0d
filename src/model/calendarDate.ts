// A calendar day written as YYYY-MM-DD: the one form of date that filters, programme files and
// statements take from people.

/** Whether the text is a real day as YYYY-MM-DD (2023-02-30 and 2023-13-01 are not). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  // A round trip through Date rejects the days a month does not have, which Date.parse alone accepts.
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
