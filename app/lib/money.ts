/**
 * THE money module: amounts are integer fen (分), as bigint, everywhere; this file is the only place that
 * turns them into text or back — format (¥ and plain yuan), parse (what people type), 大写 (capital
 * numerals) and exact percentages. Shared by the browser and the server, so both read and refuse amounts
 * alike. No floating point ever touches an amount (0.1 + 0.2 must stay 30 fen, and 9 007 199 254 740 993
 * yuan must not silently become …992).
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

/** Fen → "1,234,567.89" for reading (no currency sign: labels say 元), exact for any bigint. */
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

/**
 * Integer fen (分) → "¥1,234.56"; negative → "-¥1,234.56". Exact for any bigint: no floating point
 * ever touches money. Rejects fractional or unsafe numbers instead of rounding silently.
 */
export function formatFen(fen: number | bigint): string {
  if (typeof fen === "number" && !Number.isSafeInteger(fen)) {
    throw new RangeError(`formatFen: ${fen} is not a safe integer amount of fen`);
  }
  const v = BigInt(fen);
  return v < 0n ? `-¥${formatYuan(-v)}` : `¥${formatYuan(v)}`;
}

/** Fen → yuan as a JSON number (OCDS amounts), exact within the database's bound 0…MAX_FEN. */
export function fenToYuanNumber(fen: bigint): number {
  if (fen < 0n || fen > MAX_FEN) throw new RangeError(`fenToYuanNumber: ${fen} outside 0…10^15 fen`);
  return Number(fen) / 100;
}

/**
 * 大写金额: an amount in fen (分) written in capital Chinese numerals, as cheques, receipts and notices
 * require (e.g. 123456789 → 壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分). Rules (《支付结算办法》 附件 conventions):
 * - 整 follows 元 when there is neither 角 nor 分 (零元整 for zero);
 * - a run of zeros inside the number is read as one 零; trailing zeros of a section are silent;
 * - 零 between 元 and 角 when the 元 digit is 0 (壹仟元零壹角), and before 分 when 角 is 0 (壹佰万元零伍分);
 * - amounts under one 元 start at 角/分 (伍分), and 10 元 is 壹拾元 (never 拾元, which could be altered).
 * Accepts any non-negative integer (bigint for amounts beyond Number.MAX_SAFE_INTEGER).
 */
const DIGITS = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"] as const;
const SMALL_UNITS = ["", "拾", "佰", "仟"] as const;

export function amountInWords(fen: bigint | number): string {
  if (typeof fen === "number" && !Number.isSafeInteger(fen)) {
    throw new RangeError(`amountInWords: ${fen} is not a safe integer number of fen`);
  }
  const f = BigInt(fen);
  if (f < 0n) throw new RangeError("amountInWords: negative amounts are refused");
  const yuan = f / 100n;
  const jiao = Number((f / 10n) % 10n);
  const fenDigit = Number(f % 10n);

  let out = yuan > 0n ? `${integerWords(yuan)}元` : "";
  if (jiao === 0 && fenDigit === 0) return `${out || "零元"}整`;
  if (jiao > 0) {
    if (yuan > 0n && yuan % 10n === 0n) out += "零";
    out += `${DIGITS[jiao]}角`;
  }
  if (fenDigit > 0) {
    if (jiao === 0 && yuan > 0n) out += "零";
    out += `${DIGITS[fenDigit]}分`;
  }
  return out;
}

/** n > 0. Splits at 亿 (10^8) then 万 (10^4), recursively, so 万亿 and 亿亿 come out right. */
function integerWords(n: bigint): string {
  if (n < 10_000n) return sectionWords(Number(n));
  const [base, unit, zeroBelow] = n < 100_000_000n ? [10_000n, "万", 1_000n] : [100_000_000n, "亿", 10_000_000n];
  const hi = n / base;
  const lo = n % base;
  let s = integerWords(hi) + unit;
  if (lo > 0n) {
    // The lower part lacks its leading digit: its missing places are read as one 零.
    if (lo < zeroBelow) s += "零";
    s += integerWords(lo);
  }
  return s;
}

/** 1..9999 without leading 零: inner zero runs read once, trailing zeros silent. */
function sectionWords(n: number): string {
  let s = "";
  let pendingZero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(n / 10 ** pos) % 10;
    if (d === 0) {
      if (s) pendingZero = true;
      continue;
    }
    if (pendingZero) s += "零";
    pendingZero = false;
    s += DIGITS[d] + SMALL_UNITS[pos];
  }
  return s;
}
