import { parse as parseCsv } from "csv-parse/sync";
import { readSheet } from "read-excel-file/node";
import { validateCreditCode } from "~/domain/accounts/validate-credit-code";
import { DomainError } from "~/domain/errors";
import { maskIdNumber, normaliseIdNumber } from "./id-number";

/**
 * Import files (CSV or XLSX): header row in Chinese or English, one expert per row. Every row is checked
 * before anything is written; errors carry the file's row number (header = 1), the column and an i18n
 * code, so the page can list each one in the reader's language.
 */
export const COLUMNS = {
  name: ["姓名", "name"],
  idNumber: ["身份证号", "身份证号码", "idnumber"],
  phone: ["手机", "手机号码", "phone"],
  email: ["邮箱", "电子邮箱", "email"],
  employer: ["工作单位", "employer"],
  employerCreditCode: ["统一社会信用代码", "单位信用代码", "employercreditcode"],
  region: ["地区", "行政区划", "region"],
  title: ["职称", "title"],
  specialties: ["专业", "专业代码", "specialties"],
  status: ["状态", "status"],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ["name", "idNumber", "phone", "employer", "employerCreditCode", "specialties"];

export const MAX_ROWS = 20_000;
export const MAX_BYTES = 10 * 1024 * 1024;

export interface ExpertRow {
  row: number;
  name: string;
  idNumber: string;
  idNumberMasked: string;
  phone: string;
  email: string;
  employerOrgName: string;
  employerCreditCode: string;
  region: string;
  title: string;
  specialties: string[];
  status: "ACTIVE" | "SUSPENDED" | "RETIRED";
}

export interface RowError {
  row: number;
  column: string;
  code: string;
  params?: Record<string, string | number>;
}

const STATUS: Record<string, ExpertRow["status"]> = {
  "": "ACTIVE", 在库: "ACTIVE", 正常: "ACTIVE", active: "ACTIVE", 暂停: "SUSPENDED", suspended: "SUSPENDED", 退出: "RETIRED", retired: "RETIRED",
};

/** Cells of the first sheet / the CSV as strings. */
export async function readTable(fileName: string, bytes: Buffer): Promise<string[][]> {
  if (bytes.length > MAX_BYTES) throw new DomainError("experts:errors.fileTooLarge", { maxMb: MAX_BYTES >> 20, maxRows: MAX_ROWS }, 413, "file");
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".csv")) {
    return parseCsv(bytes, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  }
  if (lower.endsWith(".xlsx")) {
    const rows = await readSheet(bytes);
    return rows.map((r) => r.map((c) => (c == null ? "" : c instanceof Date ? c.toISOString() : String(c).trim())));
  }
  throw new DomainError("experts:errors.fileType", {}, 422, "file");
}

/** Validates every row; returns the rows when all are valid, else every error (nothing to write). */
export function validateRows(table: string[][], knownSpecialties: ReadonlySet<string>): { rows: ExpertRow[]; errors: RowError[] } {
  const [header, ...data] = table;
  if (!header || data.length === 0) return { rows: [], errors: [{ row: 1, column: "", code: "experts:errors.fileEmpty" }] };
  if (data.length > MAX_ROWS) return { rows: [], errors: [{ row: 1, column: "", code: "experts:errors.fileTooLarge", params: { maxMb: MAX_BYTES >> 20, maxRows: MAX_ROWS } }] };
  const index = new Map<Column, number>();
  header.forEach((h, i) => {
    const k = h.trim().toLowerCase().replace(/\s+/g, "");
    for (const [col, names] of Object.entries(COLUMNS)) if ((names as readonly string[]).includes(k)) index.set(col as Column, i);
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length) return { rows: [], errors: missing.map((c) => ({ row: 1, column: c, code: "experts:errors.missingColumn", params: { column: COLUMNS[c][0] } })) };

  const rows: ExpertRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  data.forEach((cells, i) => {
    const row = i + 2;
    const get = (c: Column) => (index.has(c) ? (cells[index.get(c)!] ?? "").trim() : "");
    const err = (column: Column, code: string, params?: RowError["params"]) => errors.push({ row, column, code, ...(params ? { params } : {}) });
    for (const c of REQUIRED) if (!get(c)) err(c, "experts:errors.required");
    const id = get("idNumber") ? normaliseIdNumber(get("idNumber")) : null;
    if (get("idNumber") && !id) err("idNumber", "experts:errors.idNumber");
    if (id) {
      const other = seen.get(id);
      if (other) err("idNumber", "experts:errors.duplicateInFile", { other });
      else seen.set(id, row);
    }
    const phone = get("phone");
    if (phone && !/^1\d{10}$/.test(phone)) err("phone", "experts:errors.phone");
    const email = get("email");
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) err("email", "experts:errors.email");
    const cc = get("employerCreditCode") ? validateCreditCode(get("employerCreditCode")) : null;
    if (cc && !cc.ok) err("employerCreditCode", "experts:errors.creditCode");
    const specialties = [...new Set(get("specialties").split(/[;；,，、\s]+/).filter(Boolean).map((s) => s.toUpperCase()))];
    if (get("specialties") && (specialties.length === 0 || specialties.some((s) => !knownSpecialties.has(s)))) err("specialties", "experts:errors.unknownSpecialty");
    const status = STATUS[get("status").toLowerCase()] ?? STATUS[get("status")];
    if (!status) err("status", "experts:errors.status");
    if (errors.length && errors[errors.length - 1]!.row === row) return;
    rows.push({
      row,
      name: get("name").slice(0, 60),
      idNumber: id!,
      idNumberMasked: maskIdNumber(id!),
      phone,
      email,
      employerOrgName: get("employer").slice(0, 200),
      employerCreditCode: cc!.code,
      region: get("region").slice(0, 12),
      title: get("title").slice(0, 60),
      specialties,
      status: status!,
    });
  });
  return { rows, errors };
}
