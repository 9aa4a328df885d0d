// Small numeric and formatting helpers for the benchmark report.

/** 1 MB = 2^20 bytes throughout the report. */
export const MB = 1024 * 1024;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Wall-clock seconds of `work`, and the CPU seconds (user + system) this process spent meanwhile, all its threads together. */
export async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; cpuSeconds: number; value: T }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6, value };
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export const int = (n: number): string => grouped.format(Math.round(n));
export const fixed = (n: number, digits = 2): string => n.toFixed(digits);
export const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw == null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}
