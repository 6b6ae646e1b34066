/**
 * 公民身份号码 (GB 11643-1999): 17 digits and a check character (ISO 7064 MOD 11-2), "X" for 10.
 * Only the 18-character form is accepted: 15-digit numbers were replaced in 2013.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Normalised (upper-case X) number, or null when the format, birth date or check character is wrong. */
export function normaliseIdNumber(raw: string): string | null {
  const s = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return null;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return idNumberCheckChar(s) === s[17] ? s : null;
}

/** 110***********1234: region prefix and last four, the rest masked. */
export const maskIdNumber = (id: string) => `${id.slice(0, 3)}${"*".repeat(id.length - 7)}${id.slice(-4)}`;
