// Country names as the banks' own project lists write them ("Kyrgyz Republic", "People's Republic
// of China", "Türkiye", "Viet Nam") and their ISO 3166-1 alpha-2 codes. A name that is none of
// these is a region or a group of countries ("Regional", "Central Asia"), kept as a region.
import countryData from '../model/countries.json' with { type: 'json' };
import { isoCodeOfWorldBankCountry } from './worldbank/countries.js';

/** Spellings that neither the World Bank's table nor the statements' gazetteer has. */
const BANK_SPELLINGS: Record<string, string> = {
  "people's republic of china": 'CN',
  prc: 'CN',
  kyrgyzstan: 'KG',
  'kyrgyz republic': 'KG',
  türkiye: 'TR',
  turkey: 'TR',
  'viet nam': 'VN',
  'lao pdr': 'LA',
  'republic of korea': 'KR',
  'slovak republic': 'SK',
  'north macedonia': 'MK',
  'republic of north macedonia': 'MK',
  moldova: 'MD',
  'republic of moldova': 'MD',
  kosovo: 'XK',
  egypt: 'EG',
  'west bank and gaza': 'PS',
  'timor-leste': 'TL',
  'cook islands': 'CK',
  'micronesia, federated states of': 'FM',
  'federated states of micronesia': 'FM',
};

const GAZETTEER = new Map<string, string>();
for (const country of (countryData as { countries: { code: string; names: string[] }[] }).countries)
  for (const name of country.names) GAZETTEER.set(name.toLowerCase(), country.code);

/** The ISO code of a country as a bank names it, or null for a region or a name not known. */
export function isoCodeOfCountryName(name: string): string | null {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed === '') return null;
  const lower = trimmed.toLowerCase();
  return isoCodeOfWorldBankCountry(trimmed) ?? BANK_SPELLINGS[lower] ?? GAZETTEER.get(lower) ?? null;
}
