import { z } from "zod";
import { requireUserId, type Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { notify } from "~/domain/notify/notify";
import { loadCalendar } from "~/domain/rules/load-calendar";
import { loadRuleParams } from "~/domain/rules/load-rule-params";
import { periodEndsAt } from "~/domain/rules/periods";
import { abnormallyLowPrices } from "~/domain/rules/statutory/abnormally-low-price";
import { checkRule } from "~/domain/rules/check-tender-schedule";
import { RuleViolationsError } from "~/domain/rules/violation-error";
import { loadTenderRules } from "~/domain/tenders/tender-rules";
import { getDb, type Db, type Tx } from "~/lib/db.server";
import { expertSeatsOf } from "./buyer-representative-scope";
import { assertEvaluationViewer } from "./evaluation-access";
import { criteriaOf, requirementsOf, type EvaluationParams } from "./evaluation-config";

/** Loaded machines and large lots: the committee waits rather than fails. */
const TX = { timeout: 60_000, maxWait: 15_000 };

export const startSchema = z.object({ lotId: z.uuid() });

/** The system's own proposals (清标 over the ceiling) carry this proposer id. */
export const SYSTEM_PROPOSER = "00000000-0000-0000-0000-000000000000";

/**
 * Staff open the evaluation of an opened lot (EVALUATION): the committee is the lot's confirmed drawn
 * experts (seats 1…n) and the buyer's representatives named before the start (seats n+1…, kind
 * BUYER_REPRESENTATIVE), checked as a whole against committeeComposition; the bids are the ones decrypted at the opening with their read-out prices, the
 * criteria, requirements and rule parameters are fixed from now on, and the clock starts (profile:
 * evaluationReportWithin). 清标 runs at once: a price over the ceiling is proposed for 否决 (the
 * committee votes), an abnormally low one gets a written clarification request with a reply deadline.
 * Members are told by SMS/email to sign in with a one-time code. Idempotent: a second call returns the session.
 */
export async function startEvaluation(actor: Actor, raw: unknown, db: Db = getDb()) {
  const { lotId } = parseInput(startSchema, raw);
  if ((await assertEvaluationViewer(db, actor, lotId)) !== "staff") throw new DomainError("common:errors.forbidden", {}, 403);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Lot" WHERE id = ${lotId}::uuid FOR UPDATE`;
    const existing = await tx.evaluationSession.findUnique({ where: { lotId } });
    if (existing) return { sessionId: existing.id, created: false };
    const lot = await tx.lot.findUniqueOrThrow({ where: { id: lotId }, include: { project: { select: { procurementType: true, code: true } } } });
    if (lot.status !== "EVALUATION") throw new DomainError("evaluation:errors.lotNotInEvaluation", {}, 409);
    const profile = lot.project.procurementType;
    const now = new Date();

    const experts = await confirmedExperts(tx, lotId);
    const seats = await expertSeatsOf(tx, lotId);
    if (!seats || experts.length < seats.experts) {
      throw new DomainError("evaluation:errors.committeeIncomplete", { confirmed: experts.length, needed: seats?.experts ?? 5 }, 409);
    }
    // The buyer's representatives named so far join the experts; the whole committee must then be what the
    // profile asks (odd, at least 5 — 7 for a large 政府采购 budget —, experts ≥ 2/3): committeeComposition.
    const reps = await tx.buyerRepresentative.findMany({ where: { lotId }, orderBy: { namedAt: "asc" } });
    const tenderRules = await loadTenderRules(tx);
    const composition = checkRule(profile, "committeeComposition", { committee: { members: experts.length + reps.length, experts: experts.length }, estimatedPriceFen: lot.estimatedPriceFen }, tenderRules.params, tenderRules.calendar, now);
    if (composition) throw new RuleViolationsError([composition]);
    const opening = await tx.openingSession.findUnique({ where: { lotId }, select: { id: true } });
    const decrypted = opening
      ? await tx.bidDecryption.findMany({ where: { sessionId: opening.id, status: "DECRYPTED" }, orderBy: { ordinal: "asc" } })
      : [];
    if (decrypted.length === 0) throw new DomainError("evaluation:errors.noBids", {}, 409);
    const orgs = new Map(
      (await tx.organisation.findMany({ where: { id: { in: decrypted.map((d) => d.bidderOrgId) } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]),
    );

    const ruleParams = (await loadRuleParams(tx))[profile];
    const calendar = await loadCalendar(tx);
    const params: EvaluationParams = {
      belowMeanPercent: Number(ruleParams.abnormallyLowPrice?.belowMeanPercent ?? 20),
      clarificationMinutes: Number(ruleParams.abnormallyLowPrice?.replyMinutes ?? 60),
      percentOfMax: Number(ruleParams.scoreDeviation?.percentOfMax ?? 30),
      extendHours: Number(ruleParams.moreTimeShare?.extendHours ?? 24),
      moreTimeNumerator: Number(ruleParams.moreTimeShare?.numerator ?? 1),
      moreTimeDenominator: Number(ruleParams.moreTimeShare?.denominator ?? 3),
      deductAbovePerPercentX100: Number(ruleParams.priceScoreRange?.deductAbovePerPercentX100 ?? 100),
      deductBelowPerPercentX100: Number(ruleParams.priceScoreRange?.deductBelowPerPercentX100 ?? 50),
      reportWithinDays: Number(ruleParams.evaluationReportWithin?.withinDays ?? 2),
      reportUnit: ruleParams.evaluationReportWithin?.unit === "DAYS" ? "DAYS" : "WORKING_DAYS",
    };
    const dueAt = periodEndsAt(calendar, params.reportUnit, now, params.reportWithinDays);
    const criteria = criteriaOf(lot.evaluationMethod, (lot.criteria ?? []) as { name: string; weight: number }[]);
    const session = await tx.evaluationSession.create({
      data: {
        lotId,
        profile,
        method: lot.evaluationMethod,
        criteria,
        requirements: requirementsOf(profile, lot.qualification),
        params,
        startedById: requireUserId(actor),
        startedAt: now,
        dueAt,
      },
    });
    await tx.evaluationMember.createMany({
      data: [
        ...experts.map((e, i) => ({
          sessionId: session.id,
          seat: i + 1,
          kind: "EXPERT" as const,
          userId: e.userId,
          expertId: e.expertId,
          drawMemberId: e.drawMemberId,
          name: e.name,
        })),
        // The buyer's representatives take the seats after the experts'; they sign in with a code like them.
        ...reps.map((r, i) => ({ sessionId: session.id, seat: experts.length + i + 1, kind: "BUYER_REPRESENTATIVE" as const, userId: r.userId, name: r.name })),
      ],
    });

    // 清标 from the read-out prices.
    const prices = decrypted.map((d) => d.totalPriceFen ?? 0n);
    const low = new Set(abnormallyLowPrices(prices, params).map(String));
    const ground = profile === "CONSTRUCTION" ? "art51.overCeilingOrBelowCost" : "order87.art63";
    for (const d of decrypted) {
      const price = d.totalPriceFen ?? 0n;
      const flags = [...(price > lot.ceilingPriceFen ? ["OVER_CEILING"] : []), ...(low.has(String(price)) ? ["ABNORMALLY_LOW"] : [])];
      const eb = await tx.evaluationBid.create({
        data: { sessionId: session.id, bidId: d.bidId, bidderOrgId: d.bidderOrgId, bidderName: orgs.get(d.bidderOrgId) ?? "", ordinal: d.ordinal, priceFen: price, flags },
      });
      if (flags.includes("OVER_CEILING")) {
        await tx.rejectionProposal.create({
          data: {
            sessionId: session.id,
            evaluationBidId: eb.id,
            ground,
            reason: `投标报价 ${fmtYuan(price)} 元超过最高投标限价 ${fmtYuan(lot.ceilingPriceFen)} 元（清标）`,
            proposedById: SYSTEM_PROPOSER,
            proposedAt: now,
          },
        });
      }
      if (flags.includes("ABNORMALLY_LOW")) {
        const c = await tx.evaluationClarification.create({
          data: {
            sessionId: session.id,
            evaluationBidId: eb.id,
            bidderOrgId: d.bidderOrgId,
            kind: "ABNORMALLY_LOW",
            question: `贵单位投标报价 ${fmtYuan(price)} 元明显低于其他有效投标报价的平均值（低于 ${params.belowMeanPercent}% 以上），可能低于成本。请在规定时间内书面说明报价的合理性并提交相关证明材料；澄清不得改变投标价格或实质性内容。`,
            askedAt: now,
            dueAt: new Date(now.getTime() + params.clarificationMinutes * 60_000),
          },
        });
        await notify(tx, {
          recipients: { orgIds: [d.bidderOrgId], role: "BIDDER" },
          template: "evaluation:notify.clarificationRequested",
          params: { lot: `${lot.project.code} ${lot.title}`, dueAt: c.dueAt },
          channels: ["inapp", "email"],
          entity: { type: "EvaluationClarification", id: c.id },
          link: `/bidder/clarifications`,
          dedupeKey: `evaluation-clarification-${c.id}`,
        });
      }
    }
    await appendAudit(tx, actor, {
      action: "evaluation.started",
      entityType: "Lot",
      entityId: lotId,
      after: { sessionId: session.id, dueAt },
      detail: { sessionId: session.id, members: experts.length + reps.length, representatives: reps.length, bids: decrypted.length, method: lot.evaluationMethod, profile, dueAt: dueAt.toISOString(), abnormallyLow: low.size },
    });
    await notifyMembersToSignIn(tx, session.id, lotId);
    return { sessionId: session.id, created: true };
  }, TX);
}

const fmtYuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}`;

/** Confirmed drawn experts of the lot's live draws, in specialty / call order. */
export async function confirmedExperts(tx: Tx, lotId: string) {
  const members = await tx.drawMember.findMany({
    where: { status: "CONFIRMED", draw: { lotId, status: { not: "CANCELLED" } } },
    orderBy: [{ specialtyCode: "asc" }, { rank: "asc" }],
    select: { id: true, expertId: true },
  });
  const experts = new Map(
    (await tx.expert.findMany({ where: { id: { in: members.map((m) => m.expertId) } }, select: { id: true, name: true, userId: true } })).map((e) => [e.id, e]),
  );
  return members.map((m) => ({ drawMemberId: m.id, expertId: m.expertId, name: experts.get(m.expertId)?.name ?? "", userId: experts.get(m.expertId)?.userId ?? null }));
}

/** SMS + email to every seated member not yet signed in: sign in to the evaluation with a one-time code. */
export async function notifyMembersToSignIn(tx: Tx, sessionId: string, lotId: string) {
  const members = await tx.evaluationMember.findMany({ where: { sessionId, status: "SEATED", signedInAt: null } });
  const experts = await tx.expert.findMany({ where: { id: { in: members.flatMap((m) => (m.expertId ? [m.expertId] : [])) } }, select: { id: true, phone: true, email: true } });
  // The buyer's representatives are told through their own account's contacts.
  const repUserIds = members.flatMap((m) => (m.kind === "BUYER_REPRESENTATIVE" && m.userId ? [m.userId] : []));
  const reps = repUserIds.length ? await tx.user.findMany({ where: { id: { in: repUserIds } }, select: { id: true, phone: true, email: true } }) : [];
  for (const e of [...experts.map((x) => ({ ...x, rep: false })), ...reps.map((x) => ({ ...x, rep: true }))]) {
    await notify(tx, {
      recipients: { contacts: [{ phone: e.phone || undefined, email: e.email || undefined }] },
      // A representative signs in with their own account, then takes the seat (not the experts' phone sign-in).
      template: e.rep ? "evaluation:notify.signInRepresentative" : "evaluation:notify.signIn",
      params: { path: e.rep ? `/evaluation/${lotId}/seat` : "/evaluation/sign-in" },
      channels: ["sms", "email"],
      entity: { type: "Lot", id: lotId },
      dedupeKey: `evaluation-sign-in-${sessionId}-${e.id}`,
    });
  }
}
