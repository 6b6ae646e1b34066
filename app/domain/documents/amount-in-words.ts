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
