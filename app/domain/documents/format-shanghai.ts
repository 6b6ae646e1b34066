import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/** Instants are stored in UTC and shown in the centre's time zone. */
export const CENTRE_TIME_ZONE = "Asia/Shanghai";

/** "2026-11-23 14:05:09" in Asia/Shanghai (pattern: date-fns tokens). */
export function formatShanghai(date: Date, pattern = "yyyy-MM-dd HH:mm:ss"): string {
  return format(new TZDate(date.getTime(), CENTRE_TIME_ZONE), pattern);
}

/** Shanghai calendar day as yyyyMMdd, used in document numbers. */
export const shanghaiDayCompact = (date: Date): string => formatShanghai(date, "yyyyMMdd");

const CN_DIGITS = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** Date as written under an official seal: 二〇二六年十一月二十三日 (Shanghai day). */
export function formatShanghaiChineseDate(date: Date): string {
  const [y, m, d] = formatShanghai(date, "yyyy-M-d").split("-").map(Number) as [number, number, number];
  const year = String(y)
    .split("")
    .map((c) => CN_DIGITS[Number(c)])
    .join("");
  return `${year}年${smallNumber(m)}月${smallNumber(d)}日`;
}

function smallNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : CN_DIGITS[tens]}十${ones ? CN_DIGITS[ones] : ""}`;
}
