// Currencies as statements write them: before the figure ("$", "US$", "€", "KZT", "Rs") or after it
// ("U.S. dollars", "euros", "tenge", "Mln USD"). Each becomes an ISO 4217 code; a name that several
// countries use ("manat", "rupees") takes the country the statement is about.

const CODES = [
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'CNY',
  'RMB',
  'CHF',
  'KZT',
  'UZS',
  'KGS',
  'TJS',
  'TMT',
  'AZN',
  'MNT',
  'GEL',
  'AMD',
  'PKR',
  'AFN',
  'INR',
  'RUB',
  'BYN',
  'UAH',
  'TRY',
  'IRR',
  'KRW',
  'SAR',
  'AED',
  'KWD',
  'QAR',
  'CAD',
  'AUD',
  'SGD',
  'HKD',
  'SEK',
  'NOK',
  'DKK',
  'SDR',
  'XDR',
];

const CODE_ALIASES: Record<string, string> = { RMB: 'CNY', SDR: 'XDR' };

const SYMBOLS: Record<string, string> = {
  US$: 'USD',
  'U.S.$': 'USD',
  'US $': 'USD',
  'U.S. $': 'USD',
  $: 'USD',
  A$: 'AUD',
  C$: 'CAD',
  HK$: 'HKD',
  S$: 'SGD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₸': 'KZT',
  '₽': 'RUB',
  '₹': 'INR',
  '₩': 'KRW',
  '₮': 'MNT',
  '₾': 'GEL',
  '₺': 'TRY',
  Rs: 'PKR',
  'Rs.': 'PKR',
};

/** Currency names after a figure; `null` codes depend on the country (manat, rupee). */
const NAMES: [RegExp, string | null][] = [
  [/^(?:U\.\s?S\.|US|American)\s+dollars?/i, 'USD'],
  [/^(?:Canadian)\s+dollars?/i, 'CAD'],
  [/^(?:Australian)\s+dollars?/i, 'AUD'],
  [/^(?:Hong Kong)\s+dollars?/i, 'HKD'],
  [/^(?:Singapore)\s+dollars?/i, 'SGD'],
  [/^dollars?/i, 'USD'],
  [/^euros?/i, 'EUR'],
  [/^(?:Kazakh(?:stani)?\s+)?tenge/i, 'KZT'],
  [/^(?:Uzbek\s+)?(?:soums?|sums?)/i, 'UZS'],
  [/^(?:Kyrgyz\s+)?soms?/i, 'KGS'],
  [/^(?:Tajik\s+)?somonis?/i, 'TJS'],
  [/^Turkmen\s+manats?/i, 'TMT'],
  [/^Azerbaijani\s+manats?/i, 'AZN'],
  [/^manats?/i, null],
  [/^(?:Mongolian\s+)?(?:tugriks?|tögrögs?|togrogs?)/i, 'MNT'],
  [/^(?:Georgian\s+)?lari/i, 'GEL'],
  [/^(?:Armenian\s+)?drams?/i, 'AMD'],
  [/^Pakistani\s+rupees?/i, 'PKR'],
  [/^Indian\s+rupees?/i, 'INR'],
  [/^rupees?/i, null],
  [/^afghanis?/i, 'AFN'],
  [/^(?:Chinese\s+)?(?:yuan|renminbi)/i, 'CNY'],
  [/^(?:Japanese\s+)?yen/i, 'JPY'],
  [/^(?:Russian\s+)?(?:roubles?|rubles?)/i, 'RUB'],
  [/^(?:South\s+)?Korean\s+won|^won/i, 'KRW'],
  [/^Swiss\s+francs?/i, 'CHF'],
  [/^(?:British\s+)?pounds?(?:\s+sterling)?/i, 'GBP'],
  [/^(?:Saudi\s+)?riyals?/i, 'SAR'],
  [/^(?:UAE\s+)?dirhams?/i, 'AED'],
  [/^(?:Turkish\s+)?liras?/i, 'TRY'],
  [/^special drawing rights/i, 'XDR'],
];

function escapePattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const PREFIX = new RegExp(
  String.raw`(?:(?<![\p{L}])(?:${CODES.join('|')})\s?|(?:${Object.keys(SYMBOLS)
    .sort((a, b) => b.length - a.length)
    .map(escapePattern)
    .join('|')})\s?)$`,
  'u',
);
const CODE_AFTER = new RegExp(String.raw`^\s?(?:${CODES.join('|')})(?![\p{L}])`, 'u');
// Symbols written after the figure ("1.2 billion US$", "300 million €"), not before another figure ("2024 $3bn").
const SYMBOL_AFTER = /^\s?(?:US\$|U\.S\.\$|\$|€|£|₸|₽)(?![\p{L}\d])/u;

export interface CurrencyFound {
  /** ISO code, or null when the name needs a country to decide (manat, rupee). */
  code: string | null;
  /** How many characters the currency takes before or after the figure. */
  length: number;
  ambiguous: 'manat' | 'rupee' | null;
}

function codeOf(written: string): string {
  const bare = written.trim().replace(/\s+/g, ' ');
  const upper = bare.toUpperCase();
  if (CODES.includes(upper)) return CODE_ALIASES[upper] ?? upper;
  return SYMBOLS[bare] ?? SYMBOLS[bare.replace(/\s/g, '')] ?? 'USD';
}

/** A currency that ends right before a figure: "$", "US$ ", "USD ", "KZT". */
export function currencyBefore(before: string): CurrencyFound | null {
  const match = PREFIX.exec(before);
  if (!match) return null;
  const written = match[0];
  const code = codeOf(written);
  return { code, length: written.length, ambiguous: written.startsWith('Rs') ? 'rupee' : null };
}

/** A currency that starts right after a figure: " U.S. dollars", " euros", " USD", " of tenge". */
export function currencyAfter(after: string): CurrencyFound | null {
  const code = CODE_AFTER.exec(after);
  if (code) return { code: codeOf(code[0]), length: code[0].length, ambiguous: null };
  const symbol = SYMBOL_AFTER.exec(after);
  if (symbol) return { code: codeOf(symbol[0]), length: symbol[0].length, ambiguous: null };
  // " dollars", " of tenge", and "-dollar" in "a 100-million-dollar grant".
  const lead = /^(?:\s+(?:of\s+)?|-)/.exec(after);
  if (!lead) return null;
  const rest = after.slice(lead[0].length);
  for (const [pattern, iso] of NAMES) {
    const match = pattern.exec(rest);
    if (!match || /^[\p{L}]/u.test(rest.slice(match[0].length))) continue;
    const word = match[0].toLowerCase();
    return { code: iso, length: lead[0].length + match[0].length, ambiguous: iso ? null : word.startsWith('manat') ? 'manat' : 'rupee' };
  }
  return null;
}

/** The code of a currency name that several countries use, given the statement's main country. */
export function resolveAmbiguousCurrency(kind: 'manat' | 'rupee', country: string | null): string {
  if (kind === 'manat') return country === 'AZ' ? 'AZN' : 'TMT';
  return country === 'IN' ? 'INR' : 'PKR';
}
