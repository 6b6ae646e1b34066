import { documentPrefix, formatDocumentNumber } from "~/domain/documents/next-document-number";
import type { Tx } from "~/lib/db.server";

export const RECEIPT_NUMBER_CODE = "HZ"; // 回执

/**
 * The receipt's number and instant, read in ONE statement: nextval of a sequence and the database clock
 * (docs/decisions/0014). A sequence hands out values without a row lock held to commit, so concurrent
 * finalises do not queue on a per-day counter row; numbers are unique, increase with time (the value and the
 * instant are taken together), and may have gaps (a refused transaction does not give its value back).
 * Format as before: HZ-<Shanghai day of the instant>-<value, at least 4 digits>.
 */
export async function receiptStamp(tx: Pick<Tx, "$queryRaw">): Promise<{ number: string; now: Date }> {
  const [row] = await tx.$queryRaw<{ n: bigint; now: Date }[]>`
    SELECT nextval('"BidReceiptNumberSeq"') AS n, clock_timestamp() AS now`;
  const now = row!.now;
  return { number: receiptNumber(row!.n, now), now };
}

/** The printed number of sequence value `n` drawn at `now` (also finalise's raw-SQL path). */
export const receiptNumber = (n: bigint | number | string, now: Date) => formatDocumentNumber(documentPrefix(RECEIPT_NUMBER_CODE, now), Number(n));
