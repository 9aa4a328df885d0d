/** One code of an IATI codelist (names in English). */
export interface CodelistEntry {
  list: string;
  code: string;
  name: string;
  category: string | null;
  withdrawn: boolean;
}
