/** Where a stored fact came from: the source, the file or URL, where in it, and when it was read. */
export interface Provenance {
  /**
   * 'worldbank' is the projects export (CSV/XLSX), 'worldbank-api' the Projects API; 'adb', 'ebrd'
   * and 'aiib' are those banks' own project lists.
   */
  source: 'iati' | 'worldbank' | 'worldbank-api' | 'adb' | 'ebrd' | 'aiib' | 'manual';
  /** Absolute file path or URL. */
  location: string;
  /** Line of the record in the file (1-based), or null when the source has no lines. */
  line: number | null;
  importedAt: string;
}

export const SNAPSHOT_LOCATION_PREFIX = 'snapshot of ';

/**
 * The records of the first-start snapshot shipped in the package (snapshot/) are read from a
 * temporary copy; their provenance names the snapshot and its date instead:
 * "snapshot of 2025-03-31 (worldbank/projects.csv)".
 */
export function snapshotLocation(asOf: string, file: string): string {
  return `${SNAPSHOT_LOCATION_PREFIX}${asOf} (${file})`;
}

/** The date of the snapshot a location names, or null when it names no snapshot. */
export function snapshotDateOf(location: string): string | null {
  return /^snapshot of (\d{4}-\d{2}-\d{2}) /.exec(location)?.[1] ?? null;
}

/** A snapshot's date as people read it in English: "31 March 2025". */
export function snapshotDay(asOf: string): string {
  return new Date(`${asOf}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
