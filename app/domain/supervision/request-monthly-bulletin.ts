import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb } from "~/lib/db.server";
import { renderMonthlyBulletin } from "./jobs";
import { assertClosedMonth } from "./month-range";

/**
 * Staff or a supervisor asks for a closed month's bulletin now. The job id is fixed per month
 * (monthly-bulletin-YYYY-MM), so asking twice queues one job, and the worker returns an existing bulletin.
 */
export async function requestMonthlyBulletin(actor: Actor, input: { month: string }): Promise<{ jobId: string }> {
  assertCan(actor, "bulletin.generate");
  const month = String(input.month ?? "").trim();
  assertClosedMonth(month);
  return getDb().$transaction(async (tx) => {
    const jobId = await enqueueJob(tx, renderMonthlyBulletin, { month });
    await appendAudit(tx, actor, { action: "bulletin.requested", entityType: "Month", entityId: month, detail: { jobId } });
    return { jobId };
  });
}
