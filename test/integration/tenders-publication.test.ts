import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { isRuleViolationsError } from "~/domain/rules/violation-error";
import { fireScheduledTransition } from "~/domain/schedule/fire-scheduled-transition";
import { addTenderDocument } from "~/domain/tenders/add-tender-document";
import { answerObjection } from "~/domain/tenders/answer-objection";
import { answerQuestion } from "~/domain/tenders/answer-question";
import { approvePublication } from "~/domain/tenders/approve-publication";
import { askQuestion } from "~/domain/tenders/ask-question";
import { createLot } from "~/domain/tenders/create-lot";
import { createProject } from "~/domain/tenders/create-project";
import { getPublicTender } from "~/domain/tenders/get-public-tender";
import { getRegisteredBidders } from "~/domain/tenders/get-registered-bidders";
import { publishChange } from "~/domain/tenders/publish-change";
import { raiseObjection } from "~/domain/tenders/raise-objection";
import { recordDownload } from "~/domain/tenders/record-download";
import { registerForLot } from "~/domain/tenders/register-for-lot";
import { rejectPublication } from "~/domain/tenders/reject-publication";
import { searchPublicTenders } from "~/domain/tenders/search-public-tenders";
import { submitForReview } from "~/domain/tenders/submit-for-review";
import { updateDraftLot } from "~/domain/tenders/update-draft-lot";
import { getFixedT } from "~/lib/i18n";
import { draftLotWithDocument, legalTerms, PDF_BYTES, refusal, useTenderParties } from "./tenders-fixtures";

const { db, P } = await useTenderParties("tenders");

let seq = 0;
async function draftLot(projectTitle: string, over: Record<string, unknown> = {}, now = new Date()) {
  return draftLotWithDocument(P, { code: `GC-2026-${String(++seq).padStart(4, "0")}`, title: projectTitle, now, over });
}

async function publishedLot(projectTitle: string, over: Record<string, unknown> = {}) {
  const lot = await draftLot(projectTitle, over);
  await submitForReview(P.author, { lotId: lot.id });
  await approvePublication(P.reviewer, { lotId: lot.id });
  return lot;
}

describe("publication through review (一审一核)", () => {
  it("publishes only on a second staff member's approval, with announcement, PDF job and schedule", async () => {
    const lot = await draftLot("某市政道路改造工程");
    await submitForReview(P.author, { lotId: lot.id });

    const self = await refusal(approvePublication(P.author, { lotId: lot.id }));
    expect(self.code).toBe("tenders:errors.selfReview");
    expect((await db.lot.findUniqueOrThrow({ where: { id: lot.id } })).status).toBe("UNDER_REVIEW");

    const r = await approvePublication(P.reviewer, { lotId: lot.id });
    expect(r.to).toBe("PUBLISHED");
    const after = await db.lot.findUniqueOrThrow({ where: { id: lot.id } });
    expect(after).toMatchObject({ status: "PUBLISHED", reviewerId: P.reviewer.userId });
    expect(after.publishedAt).not.toBeNull();

    const ann = await db.announcement.findMany({ where: { lotId: lot.id } });
    expect(ann.map((a) => a.kind)).toEqual(["TENDER"]);
    expect(ann[0]!.title).toBe("某市政道路改造工程（第一标段）招标公告");

    const outbox = await db.outboxJob.findMany({ where: { OR: [{ name: "renderAnnouncement" }, { name: "fireTransition" }] } });
    expect(outbox.filter((o) => o.name === "renderAnnouncement").map((o) => o.jobId)).toEqual([`announcement-pdf-${ann[0]!.id}`]);
    const rows = await db.scheduledTransition.findMany({ where: { lotId: lot.id }, orderBy: { kind: "asc" } });
    expect(rows.map((t) => [t.kind, t.status, t.dueAt.getTime()])).toEqual([
      ["CLOSE_DOCS", "PENDING", after.docsAvailableTo.getTime()],
      ["CLOSE_BIDDING", "PENDING", after.bidDeadline.getTime()],
      ["OPEN_HALL", "PENDING", after.bidDeadline.getTime()],
    ]);
    for (const t of rows) expect(outbox.some((o) => o.jobId === t.jobId && o.runAt?.getTime() === t.dueAt.getTime())).toBe(true);

    const actions = (await db.auditEntry.findMany({ where: { entityId: lot.id }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["lot.created", "tender_document.added", "lot.submit", "lot.approve"]));
  });

  it("a rejection sends the lot back to draft with the reason", async () => {
    const lot = await draftLot("某学校改扩建工程");
    await submitForReview(P.author, { lotId: lot.id });
    expect((await refusal(rejectPublication(P.reviewer, { lotId: lot.id, reason: "  " }))).code).toBe("tenders:errors.reasonRequired");
    await rejectPublication(P.reviewer, { lotId: lot.id, reason: "资格条件过严" });
    expect(await db.lot.findUniqueOrThrow({ where: { id: lot.id } })).toMatchObject({ status: "DRAFT", rejectionReason: "资格条件过严" });
  });

  it("a statutory violation refuses submission and approval, naming the article, and changes nothing", async () => {
    const now = new Date();
    // Only 12 days from the first issue of the documents to the deadline (招标投标法第二十四条: ≥ 20).
    const lot = await draftLot("某污水处理厂工程", {
      docsAvailableTo: new Date(now.getTime() + 6 * 86_400_000),
      clarificationCutoff: new Date(now.getTime() + 1 * 86_400_000),
      objectionCutoff: new Date(now.getTime() + 1 * 86_400_000),
      bidDeadline: new Date(now.getTime() + 12 * 86_400_000),
    });
    const e = await refusal(submitForReview(P.author, { lotId: lot.id }));
    expect(isRuleViolationsError(e)).toBe(true);
    if (!isRuleViolationsError(e)) return;
    expect(e.violations.map((v) => v.ruleId)).toContain("documentsToDeadlineMinDays");
    const v = e.violations.find((x) => x.ruleId === "documentsToDeadlineMinDays")!;
    const t = getFixedT("zh-CN");
    expect(t(v.code, v.params)).toContain("招标投标法第二十四条");
    expect(getFixedT("en")(v.code, v.params)).toContain("Tendering Law art. 24");
    expect((await db.lot.findUniqueOrThrow({ where: { id: lot.id } })).status).toBe("DRAFT");
  });

  it("bad terms are refused with a reason: ceiling above the estimate, bond over 2 %, overflow, bad criteria", async () => {
    const project = await createProject(P.author, {
      code: "GC-2026-BAD", title: "坏数据项目", procurementType: "CONSTRUCTION", buyerOrgId: P.buyer.id, region: "320500",
    });
    const now = new Date();
    const bad = async (over: Record<string, unknown>) => refusal(createLot(P.author, { projectId: project.id, ...legalTerms(now, over) }));
    expect((await bad({ ceilingPriceFen: 100_000_000_01n })).code).toBe("rules:violations.ceilingPositiveAndWithinBudget");
    expect((await bad({ ceilingPriceFen: 0n })).code).toBe("rules:violations.ceilingPositiveAndWithinBudget");
    expect((await bad({ bondFen: 2_000_000_01n })).code).toBe("rules:violations.bondMaxPercent");
    expect((await bad({ estimatedPriceFen: "99999999999999999999" })).code).toBe("rules:violations.amountsInRange");
    expect((await bad({ bidDeadline: new Date(now.getTime() - 1000), docsAvailableTo: new Date(now.getTime() - 2000) })).field).toBe("bidDeadline");
    expect((await bad({ criteria: [{ name: "价格", weight: 70 }] })).code).toBe("tenders:errors.criteriaWeightSum");
    expect(await db.lot.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("files: disallowed types and oversized files are refused, nothing attached", async () => {
    const lot = await createLot(P.author, {
      projectId: (await db.project.findFirstOrThrow({ where: { code: "GC-2026-BAD" } })).id,
      ...legalTerms(new Date()),
    });
    expect((await refusal(addTenderDocument(P.author, { lotId: lot.id, fileName: "setup.exe", data: Buffer.from("MZ") }))).code).toBe(
      "tenders:errors.fileTypeNotAllowed",
    );
    expect((await refusal(addTenderDocument(P.author, { lotId: lot.id, fileName: "fake.pdf", data: Buffer.from("MZ\x90\x00binary") }))).code).toBe(
      "tenders:errors.fileTypeNotAllowed",
    );
    expect(
      (await refusal(addTenderDocument(P.author, { lotId: lot.id, fileName: "big.pdf", data: Buffer.concat([PDF_BYTES, Buffer.alloc(4096)]) }, { maxBytes: 1024 }))).code,
    ).toBe("tenders:errors.fileTooLarge");
    expect(await db.tenderDocument.count({ where: { lotId: lot.id } })).toBe(0);
  });
});

describe("published lot: bidders, questions, changes", () => {
  let lotId: string;
  beforeAll(async () => {
    lotId = (await publishedLot("<script>alert('x')</script>城市快速路工程")).id;
  });

  it("a published lot's terms change only through a change notice", async () => {
    const lot = await db.lot.findUniqueOrThrow({ where: { id: lotId } });
    const e = await refusal(updateDraftLot(P.author, { lotId, expectedVersion: lot.version, ...legalTerms(new Date()) }));
    expect(e.code).toBe("tenders:errors.publishedNeedsChangeNotice");
  });

  it("bidders register and download (logged); the list stays secret from the public and other bidders", async () => {
    await registerForLot(P.bidder, { lotId });
    const again = await registerForLot(P.bidder, { lotId });
    expect(again.created).toBe(false);
    const doc = await db.tenderDocument.findFirstOrThrow({ where: { lotId } });
    const dl = await recordDownload(P.bidder, { lotId, tenderDocumentId: doc.id });
    expect(dl.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await refusal(recordDownload(P.otherBidder, { lotId, tenderDocumentId: doc.id }))).code).toBe("tenders:errors.notRegistered");

    const pub = await getPublicTender(lotId);
    const json = JSON.stringify(pub, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    expect(json).not.toContain(P.bidderOrg.id);
    expect(json).not.toContain(P.bidderOrg.name);
    expect(json).not.toMatch(/registration/i);
    expect(pub.project.title).toBe("<script>alert('x')</script>城市快速路工程"); // stored as text; the UI renders it inert

    // Before the bid deadline not even the buyer's own staff learn who (or how many) registered; the
    // supervision authority does. After it the staff running the lot see the list.
    const sealed = await getRegisteredBidders(P.author, { lotId });
    expect(sealed.bidders).toEqual([]);
    expect(sealed.sealedUntil).toBeInstanceOf(Date);
    expect((await getRegisteredBidders(P.supervisor, { lotId })).bidders.length).toBe(1);
    expect((await refusal(getRegisteredBidders(P.bidder, { lotId }))).status).toBe(403);
    const before = await db.lot.findUniqueOrThrow({ where: { id: lotId }, select: { status: true } });
    await db.lot.update({ where: { id: lotId }, data: { status: "BIDDING_CLOSED" } });
    const list = await getRegisteredBidders(P.author, { lotId });
    await db.lot.update({ where: { id: lotId }, data: { status: before.status } });
    expect(list).toMatchObject({ sealedUntil: null, bidders: [{ orgName: P.bidderOrg.name, downloads: 1 }] });
  });

  it("the request path enforces the documents window on the server clock", async () => {
    const lot = await db.lot.findUniqueOrThrow({ where: { id: lotId } });
    const late = new Date(lot.docsAvailableTo.getTime() + 1);
    expect((await refusal(registerForLot(P.otherBidder, { lotId }, late))).code).toBe("tenders:errors.docsWindowClosed");
    const doc = await db.tenderDocument.findFirstOrThrow({ where: { lotId } });
    expect((await refusal(recordDownload(P.bidder, { lotId, tenderDocumentId: doc.id }, late))).code).toBe("tenders:errors.docsWindowClosed");
  });

  it("questions are answered to all as a clarification, the asker never shown", async () => {
    const q = await askQuestion(P.bidder, { lotId, text: "工期是否可以调整？" });
    const r = await answerQuestion(P.author, { questionId: q.id, answer: "工期不变。" });
    const a = await db.announcement.findUniqueOrThrow({ where: { id: r.announcementId } });
    expect(a.kind).toBe("CLARIFICATION");
    expect(a.body).toContain("工期是否可以调整？");
    expect(a.body).not.toContain(P.bidderOrg.name);
    expect((await refusal(answerQuestion(P.author, { questionId: q.id, answer: "again" }))).code).toBe("tenders:errors.questionAlreadyAnswered");
  });

  it("a change inside the 15-day window moves the deadline; the schedule follows and the old job no-ops", async () => {
    const before = await db.lot.findUniqueOrThrow({ where: { id: lotId } });
    const oldRow = await db.scheduledTransition.findFirstOrThrow({ where: { lotId, kind: "CLOSE_BIDDING" } });
    // The change is published 10 days before the deadline (simulated clock for the domain call).
    const changeAt = new Date(before.bidDeadline.getTime() - 10 * 86_400_000);
    const r = await publishChange(
      P.author,
      { lotId, expectedVersion: before.version, body: "调整最高投标限价。", changes: { ceilingPriceFen: 90_000_000_00n } },
      changeAt,
    );
    expect(r.deadlineMoved).toBe(true);
    const after = r.lot;
    expect(after.bidDeadline.getTime()).toBeGreaterThanOrEqual(changeAt.getTime() + 15 * 86_400_000 - 86_400_000);
    expect(after.bidDeadline > before.bidDeadline).toBe(true);
    expect(after.ceilingPriceFen).toBe(90_000_000_00n);

    const ann = await db.announcement.findUniqueOrThrow({ where: { id: r.announcementId } });
    expect(ann.kind).toBe("CHANGE");
    expect(ann.body).toContain("顺延");
    expect((ann.changes as { field: string }[]).map((c) => c.field).sort()).toEqual(["bidDeadline", "ceilingPriceFen"]);
    // Every bidder that obtained the documents is told (in-app now, email/SMS through the outbox).
    const told = await db.notification.findMany({ where: { entityType: "Announcement", entityId: r.announcementId } });
    expect(told.map((n) => n.userId)).toEqual([P.bidder.userId]);
    expect(await db.notificationDelivery.count({ where: { notificationId: { in: told.map((n) => n.id) } } })).toBeGreaterThan(0);

    const row = await db.scheduledTransition.findFirstOrThrow({ where: { lotId, kind: "CLOSE_BIDDING" } });
    expect(row).toMatchObject({ status: "PENDING", rev: oldRow.rev + 1 });
    expect(row.dueAt.getTime()).toBe(after.bidDeadline.getTime());
    expect(row.jobId).not.toBe(oldRow.jobId);
    expect(await db.outboxJob.count({ where: { jobId: row.jobId } })).toBe(1);
    // The stale alarm (old instant, old rev) rings: nothing happens.
    const stale = await fireScheduledTransition({ transitionId: oldRow.id, dueAtMs: oldRow.dueAt.getTime(), rev: oldRow.rev });
    expect(stale.outcome).toBe("STALE");
    expect((await db.lot.findUniqueOrThrow({ where: { id: lotId } })).status).toBe("PUBLISHED");

    // A deadline typed too early is refused with the proposal, not silently moved.
    const e = await refusal(
      publishChange(P.author, { lotId, expectedVersion: after.version, body: "再改", changes: { bidDeadline: new Date(changeAt.getTime() + 5 * 86_400_000) } }, changeAt),
    );
    expect(e.code).toBe("tenders:errors.deadlineTooEarlyAfterChange");
    // A stale form is refused.
    expect((await refusal(publishChange(P.author, { lotId, expectedVersion: before.version, body: "x", changes: { qualification: "新" } }))).code).toBe(
      "tenders:errors.staleVersion",
    );
    // The change form sends every term prefilled: the ones left alone (the same minute, the same text up to
    // spaces) are no change, and a notice that changes nothing is refused, nothing written.
    const prefilled = {
      bidDeadline: new Date(Math.floor(after.bidDeadline.getTime() / 60_000) * 60_000), // as the form shows it
      docsAvailableTo: after.docsAvailableTo,
      ceilingPriceFen: after.ceilingPriceFen,
      qualification: ` ${after.qualification} `,
    };
    const nothing = await refusal(publishChange(P.author, { lotId, expectedVersion: after.version, body: "无变更", changes: prefilled, affectsPreparation: true }, changeAt));
    expect(nothing.code).toBe("tenders:errors.changeNothing");
    expect((await db.lot.findUniqueOrThrow({ where: { id: lotId } })).version).toBe(after.version);
  });

  it("an objection suspends the lot until answered; its clock is armed", async () => {
    const o = await raiseObjection(P.bidder, { lotId, text: "资格条件排斥潜在投标人。" });
    expect((await db.lot.findUniqueOrThrow({ where: { id: lotId } })).status).toBe("SUSPENDED");
    // Construction: answer within 3 days, due at 24:00 (Shanghai) of the third day.
    expect(o.answerDueAt.getTime() - o.raisedAt.getTime()).toBeGreaterThan(2 * 86_400_000);
    expect(o.answerDueAt.getTime() - o.raisedAt.getTime()).toBeLessThanOrEqual(4 * 86_400_000);
    const clock = await db.scheduledTransition.findFirstOrThrow({ where: { lotId, kind: "OBJECTION_ANSWER_DUE" } });
    expect(clock).toMatchObject({ refId: o.id, status: "PENDING" });
    expect((await refusal(registerForLot(P.otherBidder, { lotId }))).code).toBe("tenders:errors.notSuspendedLot");

    const r = await answerObjection(P.author, { objectionId: o.id, answer: "资格条件符合规定，维持。" });
    expect(r.resumed).toBe(true);
    expect((await db.lot.findUniqueOrThrow({ where: { id: lotId } })).status).toBe("PUBLISHED");
    expect((await db.scheduledTransition.findUniqueOrThrow({ where: { id: clock.id } })).status).toBe("CANCELLED");
  });

  it("questions and objections after their cut-off are refused on the server clock, no job needed", async () => {
    const lot = await db.lot.findUniqueOrThrow({ where: { id: lotId } });
    const afterObj = new Date(lot.objectionCutoff.getTime() + 1);
    expect((await refusal(raiseObjection(P.bidder, { lotId, text: "晚了" }, afterObj))).code).toBe("tenders:errors.objectionAfterCutoff");
  });
});

describe("real clock cut-off", () => {
  it("a question after the clarification cut-off is refused although no job has run", async () => {
    const now = new Date();
    const lot = await publishedLot("某桥梁维修工程", { clarificationCutoff: new Date(now.getTime() + 2_500) });
    await registerForLot(P.bidder, { lotId: lot.id });
    await askQuestion(P.bidder, { lotId: lot.id, text: "截止前的问题" });
    await new Promise((r) => setTimeout(r, Math.max(0, lot.clarificationCutoff.getTime() - Date.now()) + 50));
    expect(await db.scheduledTransition.count({ where: { lotId: lot.id, status: "DONE" } })).toBe(0);
    expect((await refusal(askQuestion(P.bidder, { lotId: lot.id, text: "截止后的问题" }))).code).toBe("tenders:errors.questionAfterCutoff");
    expect(await db.question.count({ where: { lotId: lot.id } })).toBe(1);
  });
});

describe("Chinese search", () => {
  it("「市政道路」 finds 「某市政道路改造工程」; unrelated words do not", async () => {
    const r = await searchPublicTenders("市政道路");
    expect(r.items.map((i) => i.projectTitle)).toContain("某市政道路改造工程");
    expect((await searchPublicTenders("道路改造")).items.map((i) => i.projectTitle)).toContain("某市政道路改造工程");
    expect((await searchPublicTenders("市政 改造")).items.map((i) => i.projectTitle)).toContain("某市政道路改造工程");
    expect((await searchPublicTenders("铁路隧道")).items).toEqual([]);
    // Wildcards typed by a user are literal.
    expect((await searchPublicTenders("%")).items).toEqual([]);
    // Drafts are never listed.
    expect((await searchPublicTenders("坏数据")).items).toEqual([]);
  });
  it("filters by type and status", async () => {
    const r = await searchPublicTenders("市政道路", { type: "GOVERNMENT_PROCUREMENT" });
    expect(r.items).toEqual([]);
    const s = await searchPublicTenders("市政道路", { status: "PUBLISHED", region: "3205" });
    expect(s.items.length).toBe(1);
  });
});

export type { Actor };
