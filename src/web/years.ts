// The years of a breakdown by year of approval: the span the chart's axis covers, and the years in
// it that have no project. Plain functions, so that a test can run them without a browser.

/** Every year from the first to the last of the rows (years as the API keys them), and those with no row. */
export function yearSpan(rows: readonly { key: string }[]): { all: string[]; empty: string[] } {
  const present = new Set(rows.map((r) => r.key).filter((key) => /^\d{4}$/.test(key)));
  const numbers = [...present].map(Number);
  if (numbers.length === 0) return { all: [], empty: [] };
  const all: string[] = [];
  for (let year = Math.min(...numbers); year <= Math.max(...numbers); year++) all.push(String(year));
  return { all, empty: all.filter((year) => !present.has(year)) };
}

/** "2000, 2002, 2006–2008": runs of consecutive years as ranges. */
export function yearRanges(years: readonly string[]): string {
  const runs: [number, number][] = [];
  for (const year of years.map(Number)) {
    const last = runs[runs.length - 1];
    if (last && year === last[1] + 1) last[1] = year;
    else runs.push([year, year]);
  }
  return runs.map(([from, to]) => (from === to ? String(from) : `${from}–${to}`)).join(', ');
}
