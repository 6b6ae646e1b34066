import type { Prisma } from "~/generated/prisma/client";

/**
 * 委托代理 in force at `now` (issue 13 item 9): not revoked, started, not yet expired. The one definition
 * used by createProject (the rule) and by the pages that list what an agent may do.
 */
export function entrustmentInForce(now: Date): Prisma.AgentEntrustmentWhereInput {
  return { revokedAt: null, validFrom: { lte: now }, OR: [{ validUntil: null }, { validUntil: { gt: now } }] };
}
