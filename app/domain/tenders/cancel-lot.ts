import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { ruleDueAt, ruleParam } from "~/domain/rules/rule-param";
import { daysBetween } from "~/domain/award/record-contract";
import { DomainError } from "~/domain/errors";
import { notify } from "~/domain/notify/notify";
import { checkRule } from "~/domain/rules/check-tender-schedule";
import { bondInterestFen } from "~/domain/rules/statutory/bond-refund-interest";
import { lotCancellation } from "~/domain/rules/statutory/lot-cancellation";
import { assertNoViolations } from "~/domain/rules/violation-error";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { getDb } from "~/lib/db.server";
import { formatInstant } from "./announcement-text";
import { loadLotForUpdate } from "./load-lot";
import { transitionLot } from "./lot-lifecycle";
import { inGroup } from "./lot-phases";
import { plainText } from "./lot-terms";
import { publishAnnouncement } from "./publish-lot";
import { loadTenderRules } from "./tender-rules";
import { tenderText } from "./texts";

const reasonSchema = plainText(1000);

/**
 * 终止招标 (rule lotCancellation: 实施条例 art. 31 / 财政部令第87号 art. 29), in one transaction: the lot goes
 * to CANCELLED through the phase table (only from the 'cancellable' group), a 终止招标公告 is published on
 * the portal (a published lot only: a draft was never public), every bidder who registered (obtained the
 * documents) or bid is notified in-app, by email and SMS through the outbox, every bid bond goes into the
 * refund register (cause CANCELLED, due by the rule's period, interest on cash bonds), its pending
 * deadlines are dropped, and the whole is audited with the reason. Sealed bids stay sealed: the hall never
 * opens. Documents are issued free of charge here, so no document fee is owed back.
 */
export async function cancelLot(actor: Actor, input: { lotId: string; reason: string }, now = new Date()) {
  assertCan(actor, "tender.transition");
  assertCan(actor, "tender.create");
  const parsed = reasonSchema.safeParse(input.reason ?? "");
  const reason = parsed.success ? parsed.data : "";

  return getDb().$transaction(async (tx) => {
    const lot = await loadLotForUpdate(tx, input.lotId, actor);
    if (!inGroup(lot.status, "cancellable")) throw new DomainError("tenders:errors.notCancellable", { status: lot.status }, 409);
    const profile = lot.project.procurementType;
    const rules = await loadTenderRules(tx);
    const violation = checkRule(profile, lotCancellation.id, { cancellation: { reason, cancelledAt: now } }, rules.params, rules.calendar, now);
    assertNoViolations(violation ? [violation] : []);

    const from = lot.status;
    const r = await transitionLot(tx, actor, lot.id, "cancel", { expectedStatus: from, reason });
    if (!r.applied) throw new DomainError("tenders:errors.concurrentChange", {}, 409);

    // 保证金退还登记 (the award's register, cause CANCELLED): every bond received, due by the rule's period.
    const ctx = { profile, rules };
    const dueAt = ruleDueAt(ctx, lotCancellation.id, now);
    const rateBp = Number(ruleParam(ctx, "bondRefundInterest").annualRateBp);
    const bids = await tx.bid.findMany({ where: { lotId: lot.id, status: "ACTIVE" }, select: { id: true, bidderOrgId: true, submittedAt: true, bond: true } });
    const regs = await tx.lotRegistration.findMany({ where: { lotId: lot.id }, select: { bidderOrgId: true } });
    const orgIds = [...new Set([...regs.map((x) => x.bidderOrgId), ...bids.map((b) => b.bidderOrgId)])];
    const names = new Map((await tx.organisation.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]));
    const refunds = bids
      .filter((b) => b.bond)
      .map((b) => {
        const cash = b.bond!.method === "ACCOUNT_TRANSFER";
        return {
          lotId: lot.id,
          bidId: b.id,
          bidderOrgId: b.bidderOrgId,
          bidderName: names.get(b.bidderOrgId) ?? "",
          bondFen: b.bond!.amountFen,
          rateBp: cash ? rateBp : 0,
          interestFen: cash ? bondInterestFen(b.bond!.amountFen, rateBp, daysBetween(b.submittedAt, dueAt)) : 0n,
          cause: "CANCELLED",
          dueAt,
        };
      });
    if (refunds.length > 0) await tx.bondRefund.createMany({ data: refunds, skipDuplicates: true });

    const article = lotCancellation.article[profile]!.zh;
    const announcement = lot.publishedAt
      ? await publishAnnouncement(tx, actor, {
          lotId: lot.id,
          kind: "CANCELLED",
          title: tenderText("zh-CN", "announcementText.cancel.title", { projectTitle: lot.project.title, lotTitle: lot.title }),
          body: tenderText("zh-CN", "announcementText.cancel.body", {
            projectTitle: lot.project.title,
            code: lot.project.code,
            lotNo: lot.lotNo,
            lotTitle: lot.title,
            reason,
            article,
            refundLine:
              refunds.length > 0
                ? tenderText("zh-CN", "announcementText.cancel.refundLine", { refunds: refunds.length, refundDue: formatInstant(dueAt) })
                : tenderText("zh-CN", "announcementText.cancel.noRefunds"),
          }),
          at: now,
        })
      : null;

    const sent =
      orgIds.length > 0
        ? await notify(tx, {
            recipients: { orgIds, role: "BIDDER" },
            template: "notify:events.tenderCancelled",
            params: { lot: `${lot.project.title}（${lot.title}）`, reason: reason.slice(0, 500), refundDue: dueAt },
            channels: ["inapp", "email", "sms"],
            entity: { type: "Lot", id: lot.id },
            link: `/bidder/lots/${lot.id}`,
            dedupeKey: `lot-cancelled-${lot.id}`,
          })
        : null;

    // The lot's pending steps (documents close, bid deadline, opening) are dropped; the refund clock arms.
    await scheduleLotTransitions(tx, lot.id, now);
    await appendAudit(tx, actor, {
      action: "lot.cancelled",
      entityType: "Lot",
      entityId: lot.id,
      before: { status: from },
      after: { status: "CANCELLED" },
      detail: {
        reason,
        article,
        announcementId: announcement?.id ?? null,
        notifiedOrgs: orgIds.length,
        notifications: sent?.notifications ?? 0,
        refunds: refunds.length,
        refundDueAt: dueAt.toISOString(),
      },
    });
    return { from, announcementId: announcement?.id ?? null, notifiedOrgs: orgIds.length, refunds: refunds.length, refundDueAt: dueAt };
  });
}
