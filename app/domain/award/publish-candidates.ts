import { requireUserId, type Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import { candidatesOf } from "~/domain/evaluation/evaluation-outcome";
import { DomainError } from "~/domain/errors";
import { notify } from "~/domain/notify/notify";
import { checkRule } from "~/domain/rules/check-tender-schedule";
import { formatYuan } from "~/lib/money";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { raiseAlert } from "~/domain/supervision/raise-alert";
import { formatInstant } from "~/domain/tenders/announcement-text";
import { transitionLot } from "~/domain/tenders/lot-lifecycle";
import { publishAnnouncement } from "~/domain/tenders/publish-lot";
import { getDb } from "~/lib/db.server";
import { loadAwardContext, lotLabel } from "./award-context";
import { ruleDueAt } from "~/domain/rules/rule-param";
import { lotBidderOrgIds } from "./lot-bidders";

/**
 * 中标候选人公示 (工程, 实施条例 art. 54): staff publish the first ≤ 3 ranked candidates of the frozen outcome
 * with prices and scores; the period (≥ 3 days, a rule parameter) ends by itself (PUBLICITY_END). Published
 * later than 3 days after the report is still allowed (the candidates must be made public) but the breach is
 * recorded and raised to the supervisors. 政府采购 has no candidates publicity: it awards from the report.
 */
export async function publishCandidates(actor: Actor, input: { lotId: string }, now = new Date()) {
  assertCan(actor, "award.manage");
  return getDb().$transaction(async (tx) => {
    const ctx = await loadAwardContext(tx, actor, input.lotId);
    const { lot, outcome } = ctx;
    if (ctx.profile !== "CONSTRUCTION") throw new DomainError("award:errors.noPublicityInProcurement", {}, 409);
    if (lot.status !== "EVALUATED") throw new DomainError("award:errors.wrongStatus", { status: lot.status }, 409);
    const candidates = candidatesOf(outcome);
    if (candidates.length === 0) throw new DomainError("award:errors.noCandidates", {}, 409);

    const endsAt = ruleDueAt(ctx, "candidatesPublicity", now, "minDuration", "durationUnit");
    const basisAt = new Date(outcome.completedAt);
    const late = checkRule(ctx.profile, "candidatesPublicity", { publicity: { basisAt, startsAt: now } }, ctx.rules.params, ctx.rules.calendar, now);

    const rows = candidates.map(
      (c) =>
        `第${c.rank}名：${c.bidderName}，投标报价 ${formatYuan(BigInt(c.bidPriceFen))} 元` +
        (c.totalScore ? `，综合得分 ${c.totalScore}` : c.evaluatedPriceFen ? `，评标价 ${formatYuan(BigInt(c.evaluatedPriceFen))} 元` : ""),
    );
    const a = await publishAnnouncement(tx, actor, {
      lotId: lot.id,
      kind: "CANDIDATES",
      title: `${lotLabel(lot)}中标候选人公示`,
      body:
        `${lot.project.title}（项目编号：${lot.project.code}）${lot.title}评标工作已结束，根据评标委员会的书面评标报告，现将中标候选人公示如下：\n` +
        rows.join("\n") +
        `\n公示期：${formatInstant(now)} 至 ${formatInstant(endsAt)}。投标人或者其他利害关系人对评标结果有异议的，应当在公示期间提出，` +
        `招标人自收到异议之日起3日内作出答复；作出答复前，暂停招标投标活动（《中华人民共和国招标投标法实施条例》第五十四条）。`,
      at: now,
    });
    const publicity = await tx.candidatesPublicity.create({
      data: {
        lotId: lot.id,
        announcementId: a.id,
        startsAt: now,
        endsAt,
        publishedById: requireUserId(actor),
        outcomeSha256: sha256Hex(canonicalJson(outcome)),
      },
    });
    await transitionLot(tx, actor, lot.id, "publish_candidates", { expectedStatus: "EVALUATED", detail: { announcementId: a.id, endsAt: endsAt.toISOString() } });
    await appendAudit(tx, actor, {
      action: "award.candidates_published",
      entityType: "Lot",
      entityId: lot.id,
      after: publicity,
      detail: { candidates: candidates.map((c) => ({ rank: c.rank, bidder: c.bidderName })), late: late?.code ?? null },
    });
    if (late) {
      await raiseAlert(tx, {
        kind: "PUBLICITY_LATE",
        severity: "YELLOW",
        lotId: lot.id,
        messageCode: "supervision:alerts.PUBLICITY_LATE",
        params: { reportAt: outcome.completedAt, publishedAt: now.toISOString() },
        dedupeKey: `publicity-late-${lot.id}`,
      });
    }
    const orgIds = await lotBidderOrgIds(tx, lot.id);
    if (orgIds.length > 0) {
      await notify(tx, {
        recipients: { orgIds, role: "BIDDER" },
        template: "award:notify.candidates",
        params: { lot: lotLabel(lot), endsAt },
        channels: ["inapp", "email"],
        entity: { type: "Lot", id: lot.id },
        link: `/tenders/${lot.id}/candidates`,
        dedupeKey: `candidates-${lot.id}`,
      });
    }
    await scheduleLotTransitions(tx, lot.id, now);
    return { publicity, announcementId: a.id };
  });
}
