// How a session code is shown and read aloud: digits in groups of three ("123 456 7890" style, the
// last group takes the remainder), so a customer can type it back without losing their place.
export function groupCode(code: string): string {
  const digits = code.replace(/\D/g, '');
  const groups: string[] = [];
  let i = 0;
  const rest = digits.length % 3;
  const firstLength = rest === 0 ? 3 : rest === 1 && digits.length > 3 ? 4 : rest;
  if (digits.length <= 3) return digits;
  groups.push(digits.slice(0, firstLength));
  i = firstLength;
  while (i < digits.length) {
    groups.push(digits.slice(i, i + 3));
    i += 3;
  }
  return groups.join(' ');
}

/** The SAS as two groups of three digits for the spoken check. */
export function groupSas(sas: string): string {
  return sas.length === 6 ? `${sas.slice(0, 3)} ${sas.slice(3)}` : sas;
}
