import writeXlsxFile, { type Row, type Sheet } from "write-excel-file/node";
import { docText, type DocLang } from "~/domain/documents/texts";
import { fenToYuanNumber } from "~/lib/money";
import type { Statistics } from "./get-statistics";

const bold = (v: string) => ({ value: v, fontWeight: "bold" as const });

/** A sheet from a header row (i18n keys under xlsx.stats) and data rows; strings stay strings (never formulas). */
export function sheet(lang: DocLang, name: string, header: string[], rows: (string | number)[][]): Sheet<Buffer> {
  const data: Row[] = [header.map((h) => bold(docText(lang, `xlsx.cols.${h}`))), ...rows.map((r) => r.map((v) => ({ value: v })))];
  return { sheet: docText(lang, `xlsx.sheets.${name}`), data, columns: header.map(() => ({ width: 18 })), stickyRowsCount: 1 };
}

/** Fen (string) → yuan as a number; savings may be negative (an award above the budget). */
const yuan = (fen: string) => {
  const v = BigInt(fen);
  return v < 0n ? -fenToYuanNumber(-v) : fenToYuanNumber(v);
};

/** The statistics dashboard as an .xlsx workbook, one sheet per table (amounts in yuan as numbers, 2 decimals). */
export async function statisticsXlsx(s: Statistics, lang: DocLang = "zh-CN"): Promise<Buffer> {
  const sheets = [
    sheet(lang, "tendersByMonth", ["month", "type", "lots", "ceilingYuan"], s.tendersByMonth.map((r) => [r.month, r.type, r.lots, Number(BigInt(r.ceilingFen)) / 100])),
    sheet(lang, "biddersPerLot", ["bidders", "lots"], s.biddersPerLot.map((r) => [r.bidders, r.lots])),
    sheet(lang, "outcomes", ["ended", "failed"], [[s.outcomes.ended, s.outcomes.failed]]),
    sheet(lang, "alertsByKind", ["kind", "severity", "count"], s.alertsByKind.map((r) => [r.kind, r.severity, r.count])),
    sheet(lang, "transitions", ["kind", "fired", "onTime"], s.transitions.map((r) => [r.kind, r.fired, r.onTime])),
    sheet(lang, "satisfaction", ["score", "count"], s.satisfaction.map((r) => [r.score, r.count])),
    sheet(
      lang,
      "savings",
      ["month", "type", "lots", "budgetYuan", "awardYuan", "savedYuan"],
      s.savings.map((r) => [r.month, r.type, r.lots, yuan(r.budgetFen), yuan(r.awardFen), yuan(r.savedFen)]),
    ),
    sheet(lang, "awardClocks", ["clock", "due", "onTime"], s.awardClocks.map((r) => [r.clock, r.due, r.onTime])),
  ];
  return writeXlsxFile(sheets).toBuffer();
}
