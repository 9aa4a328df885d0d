// Small list helpers shared by the extractor's parts.

/** The most frequent value, the first seen on a tie. */
export function mostFrequent(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | null = null;
  for (const [value, count] of counts) if (best == null || count > (counts.get(best) ?? 0)) best = value;
  return best;
}

/** The values without repeats (ignoring case), in order of first appearance. */
export function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = v.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
