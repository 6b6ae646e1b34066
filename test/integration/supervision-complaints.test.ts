import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { Calendar } from "~/domain/rules/calendar";
import { addWorkingDays } from "~/domain/rules/working-days";
import { acceptComplaint } from "~/domain/supervision/accept-complaint";
import { decideComplaint } from "~/domain/supervision/decide-complaint";
import { evaluateAlertRules } from "~/domain/supervision/evaluate-alert-rules";
import { fileComplaint } from "~/domain/supervision/file-complaint";
import { getComplaint } from "~/domain/supervision/get-complaint";
import { generateComplaintDecisionDocument } from "~/domain/supervision/generate-complaint-decision-document";
import { involveParty } from "~/domain/supervision/involve-party";
import { liftSuspension } from "~/domain/supervision/lift-suspension";
import { listComplaints } from "~/domain/supervision/list-complaints";
import { orderSuspension } from "~/domain/supervision/order-suspension";
import { rejectComplaint } from "~/domain/supervision/reject-complaint";
import { systemActor } from "~/domain/actor";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { insertPublishedLot, seedParties } from "./tenders-fixtures";

const { db } = await useTestDb();
useQueuePrefix();

let P: Awaited<ReturnType<typeof seedParties>>;
const H = 3600_000;
const DAY = 24 * H;
const sh = (s: string) => new Date(`${s.replace(" ", "T")}+08:00`);

beforeAll(async () => {
  P = await seedParties(db);
});

async function lot() {
  const now = Date.now();
  return insertPublishedLot(db, { buyerOrgId: P.buyer.id, authorId: P.author.userId!, reviewerId: P.reviewer.userId! }, {
    docsTo: new Date(now + 5 * DAY),
    deadline: new Date(now + 20 * DAY),
  });
}

describe("filing a complaint", () => {
  it("sets the acceptance clock to 3 working days (Friday → Wednesday) and notifies supervisors", async () => {
    const l = await lot();
    const friday = sh("2026-11-20 15:00");
    const c = await fileComplaint(P.bidder, { lotId: l.id, grounds: "评标委员会组成不合法", knewAt: sh("2026-11-18 09:00") }, friday);
    expect(c.status).toBe("RECEIVED");
    expect(c.acceptDueAt.toISOString()).toBe(sh("2026-11-25 15:00").toISOString());
    expect(await db.notification.count({ where: { entityId: c.id } })).toBeGreaterThan(0);
    // The grounds are confidential: not in the audit detail.
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "complaint.filed", entityId: c.id } });
    expect(JSON.stringify(entry.detail)).not.toContain("评标委员会");
  });

  it("refuses missing grounds, a future knewAt and a complaint after the 10-day window (extended to the next working day when it ends on a rest day); nothing is written", async () => {
    const l = await lot();
    const before = await db.complaint.count();
    await expect(fileComplaint(P.bidder, { lotId: l.id, grounds: "  ", knewAt: new Date() })).rejects.toMatchObject({ code: "supervision:errors.groundsRequired" });
    await expect(fileComplaint(P.bidder, { lotId: l.id, grounds: "x", knewAt: new Date(Date.now() + DAY) })).rejects.toMatchObject({ code: "supervision:errors.knewAtInvalid" });
    await expect(fileComplaint(P.bidder, { lotId: l.id, grounds: "x", knewAt: new Date(Date.now() - 15 * DAY) })).rejects.toMatchObject({ code: "supervision:errors.complaintWindowPassed" });
    await expect(fileComplaint(P.bidder, { lotId: randomUUID(), grounds: "x", knewAt: new Date() })).rejects.toMatchObject({ status: 404 });
    expect(await db.complaint.count()).toBe(before);
  });
});

describe("objection before complaint (实施条例第六十条)", () => {
  const objection = (lotId: string, orgId: string, userId: string, raisedAt = new Date(Date.now() - H)) =>
    db.objection.create({ data: { lotId, orgId, userId, text: "异议", raisedAt, answerDueAt: new Date(raisedAt.getTime() + 3 * DAY) } });

  it("refuses a complaint on the tender documents, the opening or the evaluation result without the organisation's prior objection on the lot; nothing is written", async () => {
    const l = await lot();
    // Another bidder's objection, or one on another lot, does not count.
    await objection(l.id, P.otherBidderOrg.id, P.otherBidder.userId!);
    await objection((await lot()).id, P.bidderOrg.id, P.bidder.userId!);
    const before = [await db.complaint.count(), await db.auditEntry.count({ where: { action: "complaint.filed" } }), await db.notification.count()];
    for (const [matter, art] of [["TENDER_DOCUMENTS", "第二十二条"], ["OPENING", "第四十四条"], ["EVALUATION_RESULT", "第五十四条"]] as const) {
      const err = await fileComplaint(P.bidder, { lotId: l.id, matter, grounds: "理由", knewAt: new Date() }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "supervision:errors.objectionRequired", status: 422, field: "matter", params: { context: "CONSTRUCTION" } });
      expect((err as { params: { articleZh: string } }).params.articleZh).toContain("招标投标法实施条例第六十条");
      expect((err as { params: { articleZh: string } }).params.articleZh).toContain(art);
    }
    expect([await db.complaint.count(), await db.auditEntry.count({ where: { action: "complaint.filed" } }), await db.notification.count()]).toEqual(before);
    // Other matters need no objection first.
    expect((await fileComplaint(P.bidder, { lotId: l.id, matter: "OTHER", grounds: "理由", knewAt: new Date() })).matter).toBe("OTHER");
  });

  it("allows it once the organisation has objected on the same lot", async () => {
    const l = await lot();
    await objection(l.id, P.bidderOrg.id, P.bidder.userId!);
    const c = await fileComplaint(P.bidder, { lotId: l.id, matter: "TENDER_DOCUMENTS", grounds: "异议答复不满意", knewAt: new Date() });
    expect(c.matter).toBe("TENDER_DOCUMENTS");
    expect(await db.complaint.count({ where: { lotId: l.id } })).toBe(1);
  });

  it("政府采购: every complaint follows a challenge (政府采购法第五十五条)", async () => {
    const l = await lot();
    await db.project.update({ where: { id: l.projectId }, data: { procurementType: "GOVERNMENT_PROCUREMENT" } });
    await expect(fileComplaint(P.bidder, { lotId: l.id, matter: "OTHER", grounds: "理由", knewAt: new Date() })).rejects.toMatchObject({
      code: "supervision:errors.objectionRequired",
      params: { context: "GOVERNMENT_PROCUREMENT", articleZh: "政府采购法第五十五条" },
    });
    await objection(l.id, P.bidderOrg.id, P.bidder.userId!);
    expect((await fileComplaint(P.bidder, { lotId: l.id, matter: "OTHER", grounds: "理由", knewAt: new Date() })).status).toBe("RECEIVED");
  });
});

describe("the statutory clocks", () => {
  it("acceptance starts a 30-working-day decision clock; alerts go yellow then red by themselves", async () => {
    const l = await lot();
    const filed = new Date();
    const c = await fileComplaint(P.bidder, { lotId: l.id, grounds: "理由", knewAt: filed }, filed);
    // Acceptance clock: nothing yet; red once the due instant passed without acceptance.
    await evaluateAlertRules(db, new Date(c.acceptDueAt.getTime() + 60_000));
    expect(await db.alert.findMany({ where: { params: { path: ["complaintId"], equals: c.id } }, select: { severity: true } })).toEqual([{ severity: "RED" }]);

    const accepted = await acceptComplaint(P.supervisor, { complaintId: c.id }, filed);
    const calendar = Calendar.fromRows(await db.calendarDay.findMany());
    expect(accepted.decisionDueAt!.toISOString()).toBe(addWorkingDays(calendar, filed, 30).toISOString());
    await expect(acceptComplaint(P.supervisor, { complaintId: c.id })).rejects.toMatchObject({ status: 409 });

    await evaluateAlertRules(db, new Date(accepted.decisionDueAt!.getTime() - 2 * DAY));
    await evaluateAlertRules(db, new Date(accepted.decisionDueAt!.getTime() + 1000));
    // One alert per clock: the yellow one is raised to red in place, and that is audited.
    const kinds = await db.alert.findMany({ where: { kind: "COMPLAINT_DECISION_DUE", params: { path: ["complaintId"], equals: c.id } }, orderBy: { createdAt: "asc" } });
    expect(kinds.map((a) => a.severity)).toEqual(["RED"]);
    expect(await db.auditEntry.count({ where: { action: "alert.severity_raised", entityId: kinds[0]!.id } })).toBe(1);
  });

  it("suspension by order, lift, decision with its PDF; the complainant is notified", async () => {
    const l = await lot();
    const c = await fileComplaint(P.bidder, { lotId: l.id, grounds: "理由", knewAt: new Date() });
    await acceptComplaint(P.supervisor, { complaintId: c.id });
    await orderSuspension(P.supervisor, { complaintId: c.id, reason: "投诉处理期间暂停" });
    expect((await db.lot.findUniqueOrThrow({ where: { id: l.id } })).status).toBe("SUSPENDED");
    await expect(orderSuspension(P.supervisor, { complaintId: c.id, reason: "" })).rejects.toMatchObject({ status: 409 });
    await expect(orderSuspension(P.author, { complaintId: c.id, reason: "" })).rejects.toMatchObject({ status: 403 });
    await liftSuspension(P.supervisor, { complaintId: c.id });
    expect((await db.lot.findUniqueOrThrow({ where: { id: l.id } })).status).toBe("PUBLISHED");
    await expect(decideComplaint(P.supervisor, { complaintId: c.id, decision: "" })).rejects.toMatchObject({ code: "supervision:errors.decisionRequired" });
    const d = await decideComplaint(P.supervisor, { complaintId: c.id, decision: "投诉事项不成立，驳回投诉。" });
    expect(d.status).toBe("DECIDED");
    expect(await db.outboxJob.count({ where: { jobId: `complaint-decision-pdf-${c.id}` } })).toBe(1);
    const doc = await generateComplaintDecisionDocument(systemActor("test"), { complaintId: c.id });
    expect(doc.created).toBe(true);
    expect((await db.complaint.findUniqueOrThrow({ where: { id: c.id } })).documentId).toBe(doc.documentId);
    expect(await db.notification.count({ where: { entityId: c.id, userId: P.bidder.userId! } })).toBeGreaterThanOrEqual(2);
  });

  it("reject (不予受理) needs a reason", async () => {
    const l = await lot();
    const c = await fileComplaint(P.bidder, { lotId: l.id, grounds: "理由", knewAt: new Date() });
    await expect(rejectComplaint(P.supervisor, { complaintId: c.id, reason: "" })).rejects.toMatchObject({ status: 422 });
    expect((await rejectComplaint(P.supervisor, { complaintId: c.id, reason: "不属于受理范围" })).status).toBe("REJECTED");
  });
});

describe("confidentiality per role", () => {
  it("complainant, supervisors and involved parties see it; others do not even learn it exists", async () => {
    const l = await lot();
    const c = await fileComplaint(P.bidder, { lotId: l.id, grounds: "保密内容", knewAt: new Date() });
    expect((await getComplaint(P.bidder, c.id)).complaint.grounds).toBe("保密内容");
    expect((await getComplaint(P.supervisor, c.id)).complaint.id).toBe(c.id);
    await expect(getComplaint(P.otherBidder, c.id)).rejects.toMatchObject({ status: 404 });
    await expect(getComplaint(P.author, c.id)).rejects.toMatchObject({ status: 404 });
    expect((await listComplaints(P.otherBidder)).map((x) => x.id)).not.toContain(c.id);
    expect((await listComplaints(P.bidder)).map((x) => x.id)).toContain(c.id);

    await expect(involveParty(P.bidder, { complaintId: c.id, orgId: P.buyer.id })).rejects.toMatchObject({ status: 403 });
    await involveParty(P.supervisor, { complaintId: c.id, orgId: P.buyer.id });
    expect((await getComplaint(P.author, c.id)).complaint.id).toBe(c.id);
    expect((await listComplaints(P.author)).map((x) => x.id)).toContain(c.id);
    await expect(getComplaint(P.otherBidder, c.id)).rejects.toMatchObject({ status: 404 });
  });
});
