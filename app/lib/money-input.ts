/**
 * Money typed by people (yuan, 元, up to 2 decimals) ↔ integer fen (分) as bigint — exactly. The string is
 * parsed digit by digit; no floating point ever touches an amount (0.1 + 0.2 must stay 30 fen, and
 * 9 007 199 254 740 993 yuan must not silently become …992). Shared by the browser (form validation,
 * live preview) and the server (the same Zod schema), so both refuse the same inputs with the same message.
 */

/** The database's ceiling (CHECK Lot_amounts_range): 10^15 fen = 10 万亿元. */
export const MAX_FEN = 1_000_000_000_000_000n;

export type YuanParseError = "empty" | "format" | "decimals" | "negative" | "tooLarge";
export type YuanParse = { ok: true; fen: bigint } | { ok: false; error: YuanParseError };

/** Full-width digits and punctuation (typed with a Chinese IME) → ASCII. */
function toAscii(s: string): string {
  return s
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\uFF0E\u3002]/g, ".")
    .replace(/\uFF0D/g, "-");
}

/**
 * "1,234,567.89" / "1234567.8" / "１２３.４" / "¥ 1 000" → fen. Thousands separators (, ， and spaces)
 * are allowed anywhere between digits; a leading ¥/￥ is ignored; more than two decimals is an error (we
 * never round someone's money), as is a sign, an exponent or anything else.
 */
export function parseYuan(input: string | null | undefined): YuanParse {
  const raw = toAscii(String(input ?? "")).trim().replace(/^[¥￥]\s*/, "");
  if (raw === "") return { ok: false, error: "empty" };
  if (raw.startsWith("-")) return { ok: false, error: "negative" };
  const s = raw.replace(/[,，\s]/g, "");
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s) ?? /^()\.(\d+)$/.exec(s);
  if (!m) return { ok: false, error: "format" };
  const [, int, frac = ""] = m;
  if (frac.length > 2) return { ok: false, error: "decimals" };
  // Long strings of digits would make a huge bigint before the range check: cut early.
  const intDigits = (int || "0").replace(/^0+(?=\d)/, "");
  if (intDigits.length > 14) return { ok: false, error: "tooLarge" };
  const fen = BigInt(intDigits) * 100n + BigInt(frac.padEnd(2, "0"));
  if (fen > MAX_FEN) return { ok: false, error: "tooLarge" };
  return { ok: true, fen };
}

/** Fen → the plain string an input shows ("1234567.89"; whole yuan keep ".00" so the form round-trips). */
export function fenToYuanInput(fen: bigint | string | number): string {
  const v = BigInt(fen);
  const neg = v < 0n;
  const a = neg ? -v : v;
  return `${neg ? "-" : ""}${a / 100n}.${(a % 100n).toString().padStart(2, "0")}`;
}

/** Fen → "1,234,567.89" for reading (no currency sign: labels say 元). */
export function formatYuan(fen: bigint | string | number): string {
  const [int, frac] = fenToYuanInput(fen).split(".");
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${frac}`;
}

/**
 * The percentage a part is of a whole, to 2 decimals, rounded half up, computed in integers (bond ÷
 * estimate: 2 000 000 / 100 000 000 → "2.00"). For display only: whether a limit is exceeded is decided
 * exactly by exceedsPercent (2.004 % reads "2.00" but does exceed 2 %).
 */
export function percentOf(part: bigint, whole: bigint): string | null {
  if (whole <= 0n || part < 0n) return null;
  const hundredths = (part * 20_000n + whole) / (2n * whole); // round half up
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, "0")}`;
}

/** part > pct % of whole, exactly (pct a whole number of percent). */
export function exceedsPercent(part: bigint, whole: bigint, pct: bigint): boolean {
  return part * 100n > whole * pct;
}
