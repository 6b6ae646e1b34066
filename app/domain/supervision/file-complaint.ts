import { requireOrgId, type Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { notify } from "~/domain/notify/notify";
import { checkRule } from "~/domain/rules/check-tender-schedule";
import { loadCalendar } from "~/domain/rules/load-calendar";
import { loadRuleParams } from "~/domain/rules/load-rule-params";
import { formatShanghai } from "~/lib/time";
import { getDb } from "~/lib/db.server";
import type { ComplaintMatter } from "~/generated/prisma/enums";
import { complaintAcceptDueAt } from "./complaint-clocks";
import { COMPLAINT_MATTERS, objectionBeforeComplaint } from "./objection-before-complaint";
import { isUuid } from "~/lib/uuid";


export interface FileComplaintInput {
  lotId: string;
  grounds: string;
  /** What the complaint is about; 工程 matters under 第二十二/四十四/五十四条 need a prior objection. Default OTHER. */
  matter?: ComplaintMatter;
  /** When the complainant knew of the wrong (工程) — the start of the complaint window. */
  knewAt: Date;
}

/**
 * A bidder files a 投诉 on a published lot: grounds required, within the profile's complaint window
 * (rules: complaintWindow — 10 days for 工程, 15 working days for 政府采购), not dated in the future. The
 * acceptance clock (3 working days) starts now; supervisors are notified. Where the law requires it the
 * organisation must have objected on the lot first (objection-before-complaint.ts).
 */
export async function fileComplaint(actor: Actor, input: FileComplaintInput, now = new Date()) {
  assertCan(actor, "complaint.file");
  const orgId = requireOrgId(actor);
  const grounds = (input.grounds ?? "").trim();
  if (!grounds) throw new DomainError("supervision:errors.groundsRequired", {}, 422, "grounds");
  if (grounds.length > 10_000) throw new DomainError("supervision:errors.tooLong", { max: 10_000 }, 422, "grounds");
  const matter = input.matter ?? "OTHER";
  if (!COMPLAINT_MATTERS.includes(matter)) throw new DomainError("supervision:errors.matterInvalid", {}, 422, "matter");
  if (!isUuid(input.lotId)) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
  if (!(input.knewAt instanceof Date) || Number.isNaN(input.knewAt.getTime()) || input.knewAt > now)
    throw new DomainError("supervision:errors.knewAtInvalid", {}, 422, "knewAt");
  return getDb().$transaction(async (tx) => {
    const lot = await tx.lot.findUnique({ where: { id: input.lotId }, include: { project: true } });
    if (!lot || !lot.publishedAt) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
    const [calendar, params] = await Promise.all([loadCalendar(tx), loadRuleParams(tx)]);
    const late = checkRule(
      lot.project.procurementType,
      "complaintWindow",
      { complaint: { basisAt: input.knewAt, filedAt: now } },
      params,
      calendar,
      now,
    );
    if (late) throw new DomainError("supervision:errors.complaintWindowPassed", { due: String(late.params.due ?? "") }, 422, "knewAt");
    const objected = await tx.objection.count({ where: { lotId: lot.id, orgId, raisedAt: { lte: now } } });
    const missing = objectionBeforeComplaint({ profile: lot.project.procurementType, matter, objectedBefore: objected > 0 });
    if (missing)
      throw new DomainError("supervision:errors.objectionRequired", { context: lot.project.procurementType, articleZh: missing.zh, articleEn: missing.en }, 422, "matter");
    const complaint = await tx.complaint.create({
      data: {
        lotId: lot.id,
        complainantOrgId: orgId,
        filedById: actor.userId,
        grounds,
        matter,
        knewAt: input.knewAt,
        filedAt: now,
        acceptDueAt: complaintAcceptDueAt(calendar, now),
      },
    });
    // The grounds are confidential: the log holds only their digest (after) and the clock.
    await appendAudit(tx, actor, {
      action: "complaint.filed",
      entityType: "Complaint",
      entityId: complaint.id,
      after: complaint,
      detail: { lotId: lot.id, matter, acceptDueAt: complaint.acceptDueAt.toISOString() },
    });
    await notify(tx, {
      recipients: { role: "SUPERVISOR" },
      template: "supervision:notify.complaintFiled",
      params: { lot: `${lot.project.code} / ${lot.title}`, due: formatShanghai(complaint.acceptDueAt, "yyyy-MM-dd HH:mm") },
      channels: ["inapp"],
      entity: { type: "Complaint", id: complaint.id },
      link: `/supervision/complaints/${complaint.id}`,
      dedupeKey: `complaint-filed-${complaint.id}`,
    });
    return complaint;
  });
}
