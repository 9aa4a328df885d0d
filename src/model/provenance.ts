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
