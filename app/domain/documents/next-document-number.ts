import type { Tx } from "~/lib/db.server";
import { shanghaiDayCompact } from "~/lib/time";

/** Document number prefixes: a short code per kind plus the Shanghai day, e.g. "JC-20261123". */
export function documentPrefix(code: string, at: Date = new Date()): string {
  if (!/^[A-Z]{1,8}$/.test(code)) throw new Error(`Invalid document code: ${code}`);
  return `${code}-${shanghaiDayCompact(at)}`;
}

/** "JC-20261123" + 1 → "JC-20261123-0001" (at least four digits; grows beyond 9999). */
export function formatDocumentNumber(prefix: string, value: number): string {
  return `${prefix}-${String(value).padStart(4, "0")}`;
}

/**
 * Next number for a prefix, gap-free: the counter row is incremented in the caller's transaction, so a
 * rolled-back document gives its number back and concurrent writers queue on the row lock.
 */
export async function nextDocumentNumber(tx: Tx, prefix: string): Promise<string> {
  if (!/^[A-Z]{1,8}-\d{8}$/.test(prefix)) throw new Error(`Invalid document number prefix: ${prefix}`);
  const rows = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO "DocumentCounter" (prefix, value) VALUES (${prefix}, 1)
    ON CONFLICT (prefix) DO UPDATE SET value = "DocumentCounter".value + 1
    RETURNING value`;
  return formatDocumentNumber(prefix, rows[0]!.value);
}
