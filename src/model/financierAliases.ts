// One organisation, one financier. Sources name the same organisation differently: USAID reports
// itself as "U.S. Agency for International Development" (ref US-GOV-1) while the World Bank's
// financiers table calls it "US: Agency for International Development (USAID)" with no ref. The
// table below lists organisations known under several names or refs; each is stored under one name.

interface KnownOrganisation {
  /** The name it is stored and shown under: the organisation's own, as it reports in IATI. */
  name: string;
  /** Its organisation refs (IATI, and older ones still found in files); the first is its own. */
  refs: string[];
  /** Other names sources give it, and short names users type (any case). */
  aliases: string[];
}

const KNOWN_ORGANISATIONS: KnownOrganisation[] = [
  // IBRD (44001) and IDA (44002) are the World Bank's windows: one financier, refs kept per window.
  { name: 'World Bank', refs: ['44000', '44001', '44002'], aliases: [] },
  {
    name: 'U.S. Agency for International Development',
    refs: ['US-GOV-1', 'US-1'],
    aliases: ['US: Agency for International Development (USAID)', 'United States Agency for International Development', 'USAID'],
  },
  { name: 'United States Government', refs: ['US', '302'], aliases: ['UNITED STATES', 'US, Govt. of'] },
  {
    name: 'Department for International Development',
    refs: ['GB-1'],
    aliases: ['UK: British Department for International Development (DFID)', 'UK: DEPT. FOR INTERNATIONAL DEVELOPMENT', 'DFID'],
  },
  {
    name: 'Foreign, Commonwealth and Development Office',
    refs: ['GB-GOV-1'],
    aliases: ['UK - Foreign, Commonwealth and Development Office', 'FCDO'],
  },
  {
    name: 'Department for Business, Energy and Industrial Strategy',
    refs: ['GB-GOV-13'],
    aliases: ['Department of Business, Energy and Industrial Strategy'],
  },
  { name: 'European Investment Bank', refs: ['XM-DAC-918-3'], aliases: ['EC: European Investment Bank', 'EIB'] },
  { name: 'African Development Bank Group', refs: ['46002'], aliases: ['African Development Bank', 'AfDB'] },
  { name: 'Asian Development Bank', refs: ['XM-DAC-46004'], aliases: ['ADB'] },
  { name: 'European Bank for Reconstruction and Development', refs: ['XI-IATI-EBRD'], aliases: ['EBRD'] },
  {
    name: 'CAF Development bank of Latin America and the Caribbean',
    refs: ['XM-DAC-46008'],
    // CAF was the Corporación Andina de Fomento, the Andean Development Corporation, until 2010.
    aliases: ['Development Bank of Latin America (CAF)', 'Andean Development Corporation', 'CAF'],
  },
  { name: 'United Nations Development Programme', refs: ['XM-DAC-41114'], aliases: ['UN Development Programme', 'UNDP'] },
  {
    name: 'United Nations Educational, Scientific and Cultural Organization (UNESCO)',
    refs: ['XM-DAC-41304'],
    aliases: ['UN UNESCO', 'UNESCO'],
  },
  {
    name: 'Swedish International Development Cooperation Agency',
    refs: ['SE-6'],
    aliases: ['SWEDEN: Swedish Intl. Dev. Cooperation Agency (SIDA)', 'Sida'],
  },
  {
    name: 'Swiss Agency for Development and Cooperation (SDC)',
    refs: ['CH-4'],
    aliases: ['SWITZERLAND: Swiss Agency for Dev. & Coop. (SDC)', 'SDC'],
  },
  {
    name: 'The Global Fund to Fight AIDS, Tuberculosis and Malaria',
    refs: ['47045'],
    aliases: ['The Global Fund to Fight AIDS, Tuberculosis & Malaria', 'Global Fund'],
  },
];

/** Names compare in any case, with runs of spaces as one. */
const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

const BY_REF = new Map(KNOWN_ORGANISATIONS.flatMap((o) => o.refs.map((ref) => [ref, o] as const)));
const BY_NAME = new Map(KNOWN_ORGANISATIONS.flatMap((o) => [o.name, ...o.aliases].map((name) => [nameKey(name), o] as const)));

/**
 * The financier a source's name and ref stand for: a known organisation by its ref, else by any
 * of its names, under its one name (and its ref when the source gave none); else as given.
 */
export function knownFinancier(name: string, ref: string | null): { financier: string; financierRef: string | null } {
  const known = (ref ? BY_REF.get(ref) : undefined) ?? BY_NAME.get(nameKey(name));
  return known ? { financier: known.name, financierRef: ref ?? known.refs[0] ?? null } : { financier: name, financierRef: ref };
}

// Short names users type for the World Bank's windows: only that window's amounts count.
const REFS_BY_ALIAS: Record<string, string[]> = {
  ibrd: ['44001'],
  ida: ['44002'],
};

/**
 * The organisation refs that a financier name typed by a user stands for: a window of the World
 * Bank (IBRD, IDA), or any name of a known organisation (its refs); none otherwise.
 */
export function refsOfFinancierAlias(name: string): string[] {
  const key = nameKey(name);
  return REFS_BY_ALIAS[key] ?? BY_NAME.get(key)?.refs ?? [];
}

/** Every organisation with several names or refs, for tests and documentation. */
export function knownOrganisations(): readonly KnownOrganisation[] {
  return KNOWN_ORGANISATIONS;
}
