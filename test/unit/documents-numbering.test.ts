import { describe, expect, it } from "vitest";
import { formatShanghai, formatShanghaiChineseDate } from "~/lib/time";
import { documentPrefix, formatDocumentNumber } from "~/domain/documents/next-document-number";
import { documentStorageKey } from "~/domain/documents/pdf";
import { assertValidKey } from "~/lib/storage.server";

describe("document numbers", () => {
  it("prefix carries the Shanghai day, not the UTC day", () => {
    // 2026-11-23 16:30 UTC is already the 24th in Shanghai (UTC+8).
    expect(documentPrefix("JC", new Date("2026-11-23T16:30:00Z"))).toBe("JC-20261124");
    expect(documentPrefix("ZC", new Date("2026-11-23T15:59:59.999Z"))).toBe("ZC-20261123");
  });

  it("formats a 4-digit sequence that can grow", () => {
    expect(formatDocumentNumber("JC-20261123", 1)).toBe("JC-20261123-0001");
    expect(formatDocumentNumber("JC-20261123", 42)).toBe("JC-20261123-0042");
    expect(formatDocumentNumber("JC-20261123", 12345)).toBe("JC-20261123-12345");
  });

  it("refuses malformed codes", () => {
    expect(() => documentPrefix("jc")).toThrow();
    expect(() => documentPrefix("J-C")).toThrow();
  });
});

describe("Shanghai time helpers", () => {
  it("formats in Asia/Shanghai", () => {
    expect(formatShanghai(new Date("2026-11-23T16:30:05Z"))).toBe("2026-11-24 00:30:05");
  });
  it("writes dates as under an official seal", () => {
    expect(formatShanghaiChineseDate(new Date("2026-11-23T04:00:00Z"))).toBe("二〇二六年十一月二十三日");
    expect(formatShanghaiChineseDate(new Date("2027-01-09T04:00:00Z"))).toBe("二〇二七年一月九日");
    expect(formatShanghaiChineseDate(new Date("2027-10-30T04:00:00Z"))).toBe("二〇二七年十月三十日");
  });
});

describe("storage keys", () => {
  it("are documents/yyyy/MM/<id>.pdf", () => {
    expect(documentStorageKey("abc", new Date("2026-11-30T17:00:00Z"))).toBe("documents/2026/12/abc.pdf");
  });
  it.each(["../etc/passwd", "/abs", "a//b", "a/../b", "a\\b", "", "a/./b", ".hidden", "a/b/"])("refuses %j", (k) => {
    expect(() => assertValidKey(k)).toThrow();
  });
  it("accepts app keys", () => {
    expect(() => assertValidKey("documents/2026/11/3f2b7c1e-9a4d.pdf")).not.toThrow();
  });
});
