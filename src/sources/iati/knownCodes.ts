// Which codes each IATI codelist knows, so a reader can flag codes that are not in the list.

export interface KnownCodes {
  /** true or false when the list is loaded; null when it is not (nothing can be said). */
  has(list: string, code: string): boolean | null;
  /** The codes of each loaded list: plain data, so a reader on another thread can be given them. */
  readonly lists: ReadonlyMap<string, ReadonlySet<string>>;
}

export const NO_KNOWN_CODES: KnownCodes = knownCodesFrom(new Map());

export function knownCodesFrom(lists: ReadonlyMap<string, ReadonlySet<string>>): KnownCodes {
  return {
    lists,
    has(list, code) {
      const codes = lists.get(list);
      return codes ? codes.has(code) : null;
    },
  };
}
