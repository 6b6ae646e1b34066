import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { centreInstant } from "~/lib/time";
import { entrustmentInForce } from "./entrustment-in-force";
import { plainText } from "./lot-terms";

export const entrustAgentSchema = z.object({
  agentOrgId: z.uuid(),
  /** Last day in force (inclusive, Asia/Shanghai), YYYY-MM-DD; empty: until revoked. */
  validThrough: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .or(z.literal(""))
    .nullish(),
  note: plainText(200).nullish(),
});
export type EntrustAgentInput = z.input<typeof entrustAgentSchema>;

/**
 * 委托代理 (issue 13 item 9; 招标投标法 art. 12: the buyer chooses its agent, nobody may choose it for them):
 * the buyer's own staff entrust an agent organisation, optionally up to a last day. Only the buyer's staff —
 * not the centre, not an admin — so no one entrusts an agent on a buyer's behalf. One entrustment in force
 * per buyer and agent (a second one is refused until the first is revoked or has expired). Audited.
 */
export async function entrustAgent(actor: Actor, input: EntrustAgentInput, now = new Date()) {
  assertCan(actor, "entrustment.manage");
  const r = entrustAgentSchema.safeParse(input);
  if (!r.success) {
    const field = String(r.error.issues[0]!.path[0] ?? "");
    throw new DomainError("tenders:errors.invalidField", { field }, 422, field);
  }
  const p = r.data;
  let validUntil: Date | null = null;
  if (p.validThrough) {
    const [y, m, d] = p.validThrough.split("-").map(Number) as [number, number, number];
    validUntil = centreInstant(y, m - 1, d + 1);
    if (Number.isNaN(validUntil.getTime()) || validUntil <= now) throw new DomainError("tenders:errors.entrustmentPast", {}, 422, "validThrough");
  }
  return getDb().$transaction(async (tx) => {
    const orgs = await tx.organisation.findMany({
      where: { id: { in: [p.agentOrgId, ...(actor.orgId ? [actor.orgId] : [])] } },
      select: { id: true, kind: true, name: true },
    });
    const buyer = orgs.find((o) => o.id === actor.orgId);
    if (!buyer || buyer.kind !== "BUYER") throw new DomainError("tenders:errors.entrustOnlyBuyer", {}, 403);
    const agent = orgs.find((o) => o.id === p.agentOrgId);
    if (!agent || agent.kind !== "AGENT") throw new DomainError("tenders:errors.agentInvalid", {}, 422, "agentOrgId");
    const existing = await tx.agentEntrustment.findFirst({
      where: { buyerOrgId: buyer.id, agentOrgId: agent.id, ...entrustmentInForce(now) },
      select: { id: true },
    });
    if (existing) throw new DomainError("tenders:errors.entrustmentExists", { agent: agent.name }, 409, "agentOrgId");
    const row = await tx.agentEntrustment.create({
      data: { buyerOrgId: buyer.id, agentOrgId: agent.id, validFrom: now, validUntil, note: p.note ?? "", createdById: actor.userId },
    });
    await appendAudit(tx, actor, {
      action: "entrustment.granted",
      entityType: "AgentEntrustment",
      entityId: row.id,
      after: row,
      detail: { buyerOrgId: buyer.id, agentOrgId: agent.id, validUntil: validUntil?.toISOString() ?? null, note: row.note },
    });
    return row;
  });
}
