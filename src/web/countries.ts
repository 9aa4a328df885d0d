// The 11 CAREC member countries (the same list as programmes/carec.yaml), with the ISO 3166-1 numeric
// codes that world-atlas uses as the ids of its country shapes.
export const CAREC_COUNTRIES: readonly { iso2: string; numeric: string }[] = [
  { iso2: 'AF', numeric: '004' },
  { iso2: 'AZ', numeric: '031' },
  { iso2: 'CN', numeric: '156' },
  { iso2: 'GE', numeric: '268' },
  { iso2: 'KZ', numeric: '398' },
  { iso2: 'KG', numeric: '417' },
  { iso2: 'MN', numeric: '496' },
  { iso2: 'PK', numeric: '586' },
  { iso2: 'TJ', numeric: '762' },
  { iso2: 'TM', numeric: '795' },
  { iso2: 'UZ', numeric: '860' },
];

export function numericOf(iso2: string): string | undefined {
  return CAREC_COUNTRIES.find((c) => c.iso2 === iso2.toUpperCase())?.numeric;
}
