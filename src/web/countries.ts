// The ISO 3166-1 numeric codes that world-atlas uses as the ids of its country shapes, for the
// countries the dashboard draws (the CAREC members; which countries are members is the API's
// answer, /api/programmes/CAREC). A country not listed here gets a map fitted to its points.
const NUMERIC: Readonly<Record<string, string>> = {
  AF: '004',
  AZ: '031',
  CN: '156',
  GE: '268',
  KZ: '398',
  KG: '417',
  MN: '496',
  PK: '586',
  TJ: '762',
  TM: '795',
  UZ: '860',
};

export function numericOf(iso2: string): string | undefined {
  return NUMERIC[iso2.toUpperCase()];
}
