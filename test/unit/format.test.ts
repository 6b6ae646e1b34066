import { describe, expect, it } from "vitest";
import { formatFen } from "~/lib/money";
import { formatCalendarDate, formatInstant, formatShanghai } from "~/lib/time";

describe("formatFen", () => {
  it("formats integer fen as yuan with grouping and two decimals", () => {
    expect(formatFen(123456)).toBe("¥1,234.56");
    expect(formatFen(0)).toBe("¥0.00");
    expect(formatFen(5)).toBe("¥0.05");
    expect(formatFen(100)).toBe("¥1.00");
    expect(formatFen(123456789)).toBe("¥1,234,567.89");
  });

  it("formats negatives with a leading minus", () => {
    expect(formatFen(-123456)).toBe("-¥1,234.56");
    expect(formatFen(-5)).toBe("-¥0.05");
  });

  it("is exact for bigint beyond Number's safe range", () => {
    expect(formatFen(123456789012345678901n)).toBe("¥1,234,567,890,123,456,789.01");
    expect(formatFen(-100000000000000000001n)).toBe("-¥1,000,000,000,000,000,000.01");
    expect(formatFen(0n)).toBe("¥0.00");
  });

  it("refuses fractional or unsafe numbers instead of rounding", () => {
    expect(() => formatFen(1.5)).toThrow(RangeError);
    expect(() => formatFen(Number.MAX_SAFE_INTEGER + 2)).toThrow(RangeError);
    expect(() => formatFen(Number.NaN)).toThrow(RangeError);
  });
});

describe("formatInstant (Asia/Shanghai)", () => {
  const instant = new Date("2026-11-23T06:05:09.500Z"); // 14:05:09 in Shanghai

  it("shows Shanghai wall-clock time whatever the process time zone", () => {
    expect(formatInstant(instant, "zh-CN")).toBe("2026年11月23日 14:05:09");
    expect(formatInstant(instant, "en")).toBe("23 Nov 2026, 14:05:09");
    expect(formatInstant(instant.getTime(), "zh-CN", "datetimeShort")).toBe("2026年11月23日 14:05");
    expect(formatInstant(instant.toISOString(), "en", "date")).toBe("23 Nov 2026");
    expect(formatInstant(instant, "zh-CN", "time")).toBe("14:05:09");
  });

  it("crosses the date line at 16:00 UTC", () => {
    expect(formatInstant(new Date("2026-12-31T15:59:59Z"), "zh-CN")).toBe("2026年12月31日 23:59:59");
    expect(formatInstant(new Date("2026-12-31T16:00:00Z"), "zh-CN")).toBe("2027年1月1日 00:00:00");
  });

  it("falls back to Chinese patterns for an unknown locale and rejects invalid instants", () => {
    expect(formatInstant(instant, "fr")).toBe("2026年11月23日 14:05:09");
    expect(() => formatInstant("not a date", "zh-CN")).toThrow(RangeError);
  });

  it("formatShanghai gives the neutral machine form", () => {
    expect(formatShanghai(instant)).toBe("2026-11-23 14:05:09");
    expect(formatShanghai(instant, "yyyy")).toBe("2026");
  });
});

describe("formatCalendarDate (a day, not an instant)", () => {
  it("reads a @db.Date (UTC midnight) and a YYYY-MM-DD string as that day, in either language", () => {
    // What the award tab printed as String(date).slice(0, 10): "Fri Dec 31".
    expect(formatCalendarDate(new Date("2027-12-31T00:00:00Z"), "zh-CN")).toBe("2027年12月31日");
    expect(formatCalendarDate(new Date("2027-01-01T00:00:00Z"), "en")).toBe("1 Jan 2027");
    expect(formatCalendarDate("2041-12-07", "zh-CN")).toBe("2041年12月7日");
    expect(formatCalendarDate("2041-12-07T00:00:00.000Z", "en")).toBe("7 Dec 2041");
    expect(() => formatCalendarDate("Sat Dec 07 2041", "zh-CN")).toThrow(RangeError);
    expect(() => formatCalendarDate(new Date(Number.NaN), "zh-CN")).toThrow(RangeError);
  });
});
