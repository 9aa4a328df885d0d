// Short names users type for financiers that sources identify by organisation ref.
const REFS_BY_ALIAS: Record<string, string[]> = {
  ibrd: ['44001'],
  ida: ['44002'],
};

/** The organisation refs that a financier name typed by a user stands for (none when it is not an alias). */
export function refsOfFinancierAlias(name: string): string[] {
  return REFS_BY_ALIAS[name.trim().toLowerCase()] ?? [];
}
