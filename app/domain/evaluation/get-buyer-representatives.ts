import type { Actor } from "~/domain/actor";
import { loadRuleParams } from "~/domain/rules/load-rule-params";
import { ruleParam } from "~/domain/rules/rule-param";
import { maxRepresentatives } from "~/domain/rules/statutory/buyer-representatives";
import { inGroup } from "~/domain/tenders/lot-phases";
import { getDb, type Db } from "~/lib/db.server";
import { expertSeatsOf } from "./buyer-representative-scope";
import { assertEvaluationViewer } from "./evaluation-access";

/**
 * The buyer's representatives of a lot's committee, for the lot's evaluation tab: how many the draw's experts
 * allow (rule buyerRepresentatives), who is named and, for the buyer's staff while the window is open, whom
 * they may name (their organisation's active staff accounts). Names are for the buyer's own staff and
 * supervisors; the agent's and the centre's staff see the count only (the committee is secret until the
 * result, and they did not name them).
 */
export async function getBuyerRepresentatives(actor: Actor, input: { lotId: string }, db: Db = getDb()) {
  const viewer = await assertEvaluationViewer(db, actor, input.lotId);
  const lot = await db.lot.findUniqueOrThrow({ where: { id: input.lotId }, select: { id: true, status: true, project: { select: { buyerOrgId: true, procurementType: true } } } });
  const isBuyer = actor.role === "STAFF" && actor.orgId === lot.project.buyerOrgId;
  const [seats, session, rows, params] = await Promise.all([
    expertSeatsOf(db, lot.id),
    db.evaluationSession.findUnique({ where: { lotId: lot.id }, select: { id: true } }),
    db.buyerRepresentative.findMany({ where: { lotId: lot.id }, orderBy: { namedAt: "asc" } }),
    loadRuleParams(db),
  ]);
  const profile = lot.project.procurementType;
  const p = ruleParam({ profile, rules: { params } }, "buyerRepresentatives") as { maxShareNumerator: number; maxShareDenominator: number };
  const open = !session && inGroup(lot.status, "committeeForming");
  const seeNames = isBuyer || viewer === "supervisor";
  const candidates =
    isBuyer && open && seats
      ? (await db.user.findMany({ where: { orgId: lot.project.buyerOrgId, role: "STAFF", status: "ACTIVE" }, select: { id: true, displayName: true }, orderBy: { displayName: "asc" } }))
          .filter((u) => !rows.some((r) => r.userId === u.id))
          .map((u) => ({ userId: u.id, name: u.displayName }))
      : [];
  return {
    profile,
    isBuyer,
    open,
    started: !!session,
    drawn: !!seats,
    experts: seats?.experts ?? null,
    committeeMembers: seats?.committeeMembers ?? null,
    max: seats ? maxRepresentatives(seats.experts, { maxShareNumerator: Number(p.maxShareNumerator), maxShareDenominator: Number(p.maxShareDenominator) }) : null,
    count: rows.length,
    named: seeNames ? rows.map((r) => ({ userId: r.userId, name: r.name, namedAt: r.namedAt })) : null,
    candidates,
    canName: isBuyer && open && !!seats,
  };
}
