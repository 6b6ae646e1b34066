import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { describeEntry } from "~/domain/audit/describe-entry";
import { LOT_EVENTS } from "~/domain/tenders/lot-lifecycle";

const LOCALES = path.resolve("app/locales");
const resources = Object.fromEntries(
  ["zh-CN", "en"].map((l) => [l, Object.fromEntries(readdirSync(path.join(LOCALES, l)).map((f) => [f.replace(/\.json$/, ""), JSON.parse(readFileSync(path.join(LOCALES, l, f), "utf8"))]))]),
);
const i18n = i18next.createInstance();
await i18n.init({ resources, lng: "zh-CN", fallbackLng: false, defaultNS: "common", interpolation: { escapeValue: false } });
const zh = i18n.getFixedT("zh-CN");
const en = i18n.getFixedT("en");

const LOT = "0b5e3f9a-1111-4222-8333-444455556666";
const ORG = "0b5e3f9a-aaaa-4bbb-8ccc-ddddeeeeffff";
const entry = {
  action: "lot.start_evaluation",
  entityType: "Lot",
  entityId: LOT,
  detail: { lotId: LOT, from: "OPENING", to: "EVALUATION", orgId: ORG, late: false, totalPriceFen: "880000000" },
  names: {
    [LOT]: { type: "Lot", name: "滨江公园照明工程", code: "GC-2026-001", lotNo: 1 },
    [ORG]: { type: "Organisation", name: "示范建工集团", code: "91330100MA2XXXXX0X" },
  },
};

describe("a log entry in words (issue 16 item 3)", () => {
  it("says an operation named in another entry's details (an alert's action) in words", () => {
    const w = describeEntry({ action: "alert.raised", entityType: "Alert", entityId: LOT, detail: { action: "lot.approve" } }, zh);
    expect(w.fields[0]!.value).toBe("审核通过并发布");
  });

  it("says a log export's filter with the log page's labels and the action in words, not as a query string", () => {
    const w = describeEntry({ action: "audit.export_requested", entityType: "AuditExport", entityId: LOT, detail: { filter: "action=lot.approve&entityType=Lot" } }, zh);
    expect(w.fields).toEqual([{ key: "filter", label: expect.any(String), value: "操作（前缀）：审核通过并发布；对象类型：Lot" }]);
  });

  it("says the action, names the object by name and code and labels the details, in both languages", () => {
    const w = describeEntry(entry, zh);
    expect(w.action).toBe("进入评标");
    expect(w.entity).toBe("标段：滨江公园照明工程（GC-2026-001 第1标段）");
    expect(w.fields).toEqual([
      { key: "from", label: "原状态", value: "开标中" },
      { key: "to", label: "新状态", value: "评标中" },
      { key: "orgId", label: "单位", value: "示范建工集团（91330100MA2XXXXX0X）" },
      { key: "late", label: "是否逾期", value: "否" },
      { key: "totalPriceFen", label: "投标总价", value: "¥8,800,000.00" },
    ]);
    const e = describeEntry(entry, en);
    expect(e.action).toBe("Evaluation started");
    expect(e.entity).toBe("Lot: 滨江公园照明工程 (GC-2026-001 lot 1)");
  });

  it("says an amount through the money module: exact beyond 2^53 fen, the sign before ¥", () => {
    const w = describeEntry({ ...entry, detail: { totalPriceFen: "900719925474099301", bondFen: "-150" } }, zh);
    expect(w.fields.map((f) => f.value)).toEqual(["¥9,007,199,254,740,993.01", "-¥1.50"]);
  });

  it("has words for every action the code writes, in both languages", () => {
    const src: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, f.name);
        if (f.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(f.name) && !f.name.endsWith(".test.ts")) src.push(readFileSync(p, "utf8"));
      }
    };
    walk(path.resolve("app"));
    const actions = new Set<string>();
    for (const s of src) {
      for (const m of s.matchAll(/action: "([a-z_]+(?:\.[a-z_]+)+)"/g)) actions.add(m[1]!);
      for (const m of s.matchAll(/action: [^,\n]*\? "([a-z_]+\.[a-z_.]+)" : "([a-z_]+\.[a-z_.]+)"/g)) actions.add(m[1]!).add(m[2]!);
    }
    for (const ev of LOT_EVENTS) actions.add(`lot.${ev}`);
    expect(actions.size).toBeGreaterThan(80);
    const missing = [...actions].filter((a) => !resources["zh-CN"]!.audit.actions[a] || !resources.en!.audit.actions[a]);
    expect(missing).toEqual([]);
  });
});
