import { describe, expect, it } from "vitest";
import { parseAuditFilter, parseLocalTime } from "~/domain/audit/audit-filter";
import { dayEnd, dayStart, isDay, previousShanghaiDay, shanghaiDay } from "~/domain/audit/shanghai-day";

const parse = (q: string) => parseAuditFilter(new URLSearchParams(q));

describe("audit log filter", () => {
  it("reads Shanghai wall-clock times; an end bound covers its minute or its whole day", () => {
    expect(parseLocalTime("2026-11-23T08:30")?.toISOString()).toBe("2026-11-23T00:30:00.000Z");
    expect(parseLocalTime("2026-11-23T08:30", true)?.toISOString()).toBe("2026-11-23T00:30:59.999Z");
    expect(parseLocalTime("2026-11-23")?.toISOString()).toBe("2026-11-22T16:00:00.000Z");
    expect(parseLocalTime("2026-11-23", true)?.toISOString()).toBe("2026-11-23T15:59:59.999Z");
    for (const bad of ["2026-02-30", "2026-13-01", "2026-11-23T24:00", "yesterday", "2026-11-23T08:61"])
      expect(parseLocalTime(bad)).toBeNull();
  });

  it("accepts an empty filter and a sensible one", () => {
    const r = parse("action=bid.&entityType=bid&from=2026-11-01&to=2026-11-23T18:00&actor=staff1");
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.filter).toMatchObject({ action: "bid.", entityType: "bid", actor: "staff1" });
    expect(parse("").ok).toBe(true);
  });

  it("refuses nonsense with a localized message per field", () => {
    const cases: [string, string, string][] = [
      ["from=2026-11-23&to=2026-11-01", "to", "audit:errors.rangeReversed"],
      ["from=2026-02-30", "from", "audit:errors.badTime"],
      ["to=1970-01-01", "to", "audit:errors.timeOutOfRange"],
      ["action=drop%20table", "action", "audit:errors.badAction"],
      ["before=abc", "before", "audit:errors.badCursor"],
      [`entityId=${"x".repeat(65)}`, "entityId", "audit:errors.tooLong"],
    ];
    for (const [q, field, code] of cases) {
      const r = parse(q);
      expect(r.ok, q).toBe(false);
      if (!r.ok) expect((r.errors as Record<string, string>)[field], q).toBe(code);
    }
  });
});

describe("Shanghai days", () => {
  it("start and end at Shanghai midnight", () => {
    expect(dayStart("2026-11-23").toISOString()).toBe("2026-11-22T16:00:00.000Z");
    expect(dayEnd("2026-11-23").toISOString()).toBe("2026-11-23T16:00:00.000Z");
    expect(shanghaiDay(new Date("2026-11-23T16:04:00Z"))).toBe("2026-11-24");
    expect(previousShanghaiDay(new Date("2026-11-23T16:05:00Z"))).toBe("2026-11-23");
    expect(previousShanghaiDay(new Date("2027-01-01T00:00:00Z"))).toBe("2026-12-31");
    expect(isDay("2026-02-29")).toBe(false);
    expect(isDay("2028-02-29")).toBe(true);
  });
});
