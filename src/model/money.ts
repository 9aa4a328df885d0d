// Money stays exact until it is converted: decimal strings in, integer hundredths for sums.

/** Hundredths of the unit, rounded half away from zero, from a decimal string such as "-1234.565". */
export function toHundredths(amount: string): bigint {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(amount.trim());
  if (!match) throw new Error(`not a decimal amount: ${amount}`);
  const [, sign, whole = '', fraction = ''] = match;
  const padded = `${fraction}000`;
  let hundredths = BigInt(whole || '0') * 100n + BigInt(padded.slice(0, 2));
  if (Number(padded[2]) >= 5) hundredths += 1n;
  return sign === '-' ? -hundredths : hundredths;
}
