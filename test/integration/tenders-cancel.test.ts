import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isRuleViolationsError } from "~/domain/rules/violation-error";
import { approvePublication } from "~/domain/tenders/approve-publication";
import { cancelLot } from "~/domain/tenders/cancel-lot";
import { getPublicTender } from "~/domain/tenders/get-public-tender";
import { getStaffLot } from "~/domain/tenders/get-staff-lot";
import { getStaffAward } from "~/domain/award/get-staff-award";
import { recordBondRefund } from "~/domain/award/record-bond-refund";
import { publishChange } from "~/domain/tenders/publish-change";
import { recordDownload } from "~/domain/tenders/record-download";
import { registerForLot } from "~/domain/tenders/register-for-lot";
import { submitForReview } from "~/domain/tenders/submit-for-review";
import { draftLotWithDocument, makeOrg, makeUser, PDF_BYTES, refusal, useTenderParties } from "./tenders-fixtures";

const { db, P } = await useTenderParties("cancel");

let seq = 0;
async function submittedLot(title: string) {
  const lot = await draftLotWithDocument(P, { code: `ZZ-2026-${String(++seq).padStart(4, "0")}`, title });
  await submitForReview(P.author, { lotId: lot.id });
  return lot;
}

async function publishedLot(title: string) {
  const lot = await submittedLot(title);
  await approvePublication(P.reviewer, { lotId: lot.id });
  return db.lot.findUniqueOrThrow({ where: { id: lot.id } });
}

/** A sealed bid with a cash bond, written as the bids area would (the bytes do not matter here). */
async function bidWithBond(lotId: string, orgId: string, userId: string) {
  const fingerprint = randomBytes(32).toString("hex");
  await db.bidderKey.create({ data: { orgId, fingerprint, publicKeySpki: "x", createdById: userId } });
  const id = randomUUID();
  await db.bid.create({
    data: {
      id, lotId, bidderOrgId: orgId, submittedById: userId, uploadId: `up-${id}`, storageKey: `bids/${lotId}/${id}`, size: 10n,
      ciphertextSha256: "0".repeat(64), plaintextSha256: "1".repeat(64), keyFingerprint: fingerprint, submittedAt: new Date(Date.now() - 3_600_000),
    },
  });
  await db.bidBond.create({ data: { bidId: id, method: "ACCOUNT_TRANSFER", payerAccount: "6222000011112222", amountFen: 10_000_00n } });
  return id;
}

describe("documents are downloadable from the publication instant (rule documentsFromPublication)", () => {
  it("publication sets docsAvailableFrom to the publication instant; a registered bidder downloads at once", async () => {
    const lot = await publishedLot("某学校运动场改造工程");
    expect(lot.publishedAt).not.toBeNull();
    expect(lot.docsAvailableFrom.getTime()).toBe(lot.publishedAt!.getTime());
    await registerForLot(P.bidder, { lotId: lot.id }, lot.publishedAt!);
    const [doc] = await db.tenderDocument.findMany({ where: { lotId: lot.id } });
    // At the very instant of publication: not refused as "not yet available".
    const d = await recordDownload(P.bidder, { lotId: lot.id, tenderDocumentId: doc!.id }, lot.publishedAt!);
    expect(d.sha256).toBe(doc!.sha256);
    const audit = await db.auditEntry.findFirst({ where: { entityId: lot.id, action: "lot.approve" } });
    expect((audit!.detail as Record<string, unknown>).docsAvailableFrom).toBe(lot.publishedAt!.toISOString());
  });

  it("a lot without a current tender document is not published, naming the rule; nothing changes", async () => {
    const lot = await submittedLot("某社区卫生服务中心装修工程");
    await db.tenderDocument.updateMany({ where: { lotId: lot.id }, data: { withdrawnAt: new Date() } });
    const e = await refusal(approvePublication(P.reviewer, { lotId: lot.id }));
    expect(isRuleViolationsError(e)).toBe(true);
    expect(e.code).toBe("rules:violations.documentsFromPublication");
    const after = await db.lot.findUniqueOrThrow({ where: { id: lot.id } });
    expect(after.status).toBe("UNDER_REVIEW");
    expect(after.publishedAt).toBeNull();
    expect(await db.announcement.count({ where: { lotId: lot.id } })).toBe(0);
  });
});

describe("replacing a tender document through a change notice", () => {
  it("the new file is issued with the notice, the old one superseded and no longer offered, bidders notified", async () => {
    const lot = await publishedLot("某河道整治工程");
    await registerForLot(P.bidder, { lotId: lot.id });
    const [old] = await db.tenderDocument.findMany({ where: { lotId: lot.id } });
    const NEW = Buffer.concat([PDF_BYTES, Buffer.from("% v2\n")]);

    // Bad input changes nothing: a wrong type, an unknown document, an empty notice text.
    const bad = await refusal(publishChange(P.author, { lotId: lot.id, expectedVersion: lot.version, body: "更换招标文件", changes: {}, document: { replacesId: old!.id, fileName: "x.exe", data: NEW } }));
    expect(bad.code).toBe("tenders:errors.fileTypeNotAllowed");
    const unknown = await refusal(publishChange(P.author, { lotId: lot.id, expectedVersion: lot.version, body: "更换招标文件", changes: {}, document: { replacesId: randomUUID(), fileName: "v2.pdf", data: NEW } }));
    expect(unknown.code).toBe("tenders:errors.replacedDocumentNotFound");
    const fake = await refusal(publishChange(P.author, { lotId: lot.id, expectedVersion: lot.version, body: "更换招标文件", changes: {}, document: { replacesId: old!.id, fileName: "v2.pdf", data: Buffer.from("MZ not a pdf") } }));
    expect(fake.code).toBe("tenders:errors.fileTypeNotAllowed");
    expect(await db.tenderDocument.count({ where: { lotId: lot.id } })).toBe(1);
    expect(await db.announcement.count({ where: { lotId: lot.id, kind: "CHANGE" } })).toBe(0);

    const r = await publishChange(P.author, {
      lotId: lot.id,
      expectedVersion: lot.version,
      body: "因工程量清单调整，更换招标文件。",
      changes: {},
      affectsPreparation: false,
      document: { replacesId: old!.id, fileName: "招标文件（修订版）.pdf", data: NEW },
    });
    const docs = await db.tenderDocument.findMany({ where: { lotId: lot.id }, orderBy: { createdAt: "asc" } });
    expect(docs).toHaveLength(2);
    const [was, now] = docs as [(typeof docs)[0], (typeof docs)[0]];
    expect(was.withdrawnAt).not.toBeNull();
    expect(was.supersededById).toBe(now.id);
    expect(now.announcementId).toBe(r.announcementId);
    expect(now.name).toBe("招标文件（修订版）.pdf");
    const a = await db.announcement.findUniqueOrThrow({ where: { id: r.announcementId } });
    expect(a.kind).toBe("CHANGE");
    expect(a.body).toContain("招标文件「招标文件.pdf」由「招标文件（修订版）.pdf」替换");
    expect(a.body).toContain(now.sha256);
    const bidderUser = await db.user.findUniqueOrThrow({ where: { id: P.bidder.userId! } });
    expect(await db.notification.count({ where: { userId: bidderUser.id, template: "notify:events.tenderChanged", entityId: r.announcementId } })).toBe(1);
    expect(await db.auditEntry.count({ where: { entityId: lot.id, action: "tender_document.replaced" } })).toBe(1);

    // The public and the bidder see only the current file; the old one is refused.
    const pub = await getPublicTender(lot.id);
    expect(pub.documents.map((d) => d.name)).toEqual(["招标文件（修订版）.pdf"]);
    expect((await refusal(recordDownload(P.bidder, { lotId: lot.id, tenderDocumentId: was.id }))).code).toBe("tenders:errors.documentNotFound");
    expect((await recordDownload(P.bidder, { lotId: lot.id, tenderDocumentId: now.id })).sha256).toBe(now.sha256);

    // The superseded document cannot be replaced again.
    const again = await refusal(publishChange(P.author, { lotId: lot.id, expectedVersion: lot.version + 1, body: "再次更换", changes: {}, document: { replacesId: was.id, fileName: "v3.pdf", data: NEW } }));
    expect(again.code).toBe("tenders:errors.replacedDocumentNotFound");
  });
});

describe("终止招标 (rule lotCancellation, 实施条例 art. 31)", () => {
  it("needs a written reason and a cancellable phase; refusals change nothing", async () => {
    const lot = await publishedLot("某停车场建设工程");
    const e = await refusal(cancelLot(P.author, { lotId: lot.id, reason: "取消" }));
    expect(isRuleViolationsError(e)).toBe(true);
    expect(e.code).toBe("rules:violations.lotCancellation");
    expect(e.field).toBe("reason");
    expect((await db.lot.findUniqueOrThrow({ where: { id: lot.id } })).status).toBe("PUBLISHED");

    const bidder = await refusal(cancelLot(P.bidder, { lotId: lot.id, reason: "投标人想终止" }));
    expect(bidder.status).toBe(403);

    await db.lot.update({ where: { id: lot.id }, data: { status: "OPENING" } });
    const opened = await refusal(cancelLot(P.author, { lotId: lot.id, reason: "开标后想终止招标" }));
    expect(opened.code).toBe("tenders:errors.notCancellable");
    expect(await db.announcement.count({ where: { lotId: lot.id, kind: "CANCELLED" } })).toBe(0);
  });

  it("publishes the notice, notifies every registered bidder, registers the bond refunds, drops the schedule, audits", async () => {
    const lot = await publishedLot("某体育馆改造工程");
    await registerForLot(P.bidder, { lotId: lot.id });
    await registerForLot(P.otherBidder, { lotId: lot.id });
    const bidId = await bidWithBond(lot.id, P.bidderOrg.id, P.bidder.userId!);
    expect(await db.scheduledTransition.count({ where: { lotId: lot.id, status: "PENDING" } })).toBeGreaterThan(0);

    const now = new Date();
    const r = await cancelLot(P.author, { lotId: lot.id, reason: "项目建设资金未落实，经招标人研究决定终止招标。" }, now);
    expect(r.from).toBe("PUBLISHED");
    expect(r.notifiedOrgs).toBe(2);
    expect(r.refunds).toBe(1);

    const after = await db.lot.findUniqueOrThrow({ where: { id: lot.id } });
    expect(after.status).toBe("CANCELLED");
    const a = await db.announcement.findUniqueOrThrow({ where: { id: r.announcementId! } });
    expect(a).toMatchObject({ kind: "CANCELLED", public: true });
    expect(a.title).toContain("终止招标公告");
    expect(a.body).toContain("项目建设资金未落实");
    expect(a.body).toContain("招标投标法实施条例第三十一条");
    const pub = await getPublicTender(lot.id);
    expect(pub.announcements.some((x) => x.kind === "CANCELLED")).toBe(true);
    expect(pub.outcome?.kind).toBe("CANCELLED");
    expect(pub.docsOpen).toBe(false);

    for (const u of [P.bidder, P.otherBidder]) {
      const n = await db.notification.findFirst({ where: { userId: u.userId!, template: "notify:events.tenderCancelled" } });
      expect(n?.link).toBe(`/bidder/lots/${lot.id}`);
    }
    const refund = await db.bondRefund.findUniqueOrThrow({ where: { bidId } });
    expect(refund).toMatchObject({ cause: "CANCELLED", bondFen: 10_000_00n, refundedOn: null });
    expect(refund.dueAt.getTime()).toBeGreaterThan(now.getTime());
    expect(refund.dueAt.getTime()).toBeLessThanOrEqual(now.getTime() + 10 * 86_400_000);
    expect(refund.interestFen).toBeGreaterThan(0n);

    const steps = await db.scheduledTransition.findMany({ where: { lotId: lot.id, status: { in: ["PENDING", "HELD"] } } });
    expect(steps.map((s) => `${s.kind}:${s.refId}`)).toEqual(["AWARD_CLOCK_DUE:refunds"]);
    const audit = await db.auditEntry.findFirst({ where: { entityId: lot.id, action: "lot.cancelled" } });
    expect(audit?.detail).toMatchObject({ reason: "项目建设资金未落实，经招标人研究决定终止招标。", refunds: 1, notifiedOrgs: 2 });
    expect(await db.auditEntry.count({ where: { entityId: lot.id, action: "lot.cancel" } })).toBe(1);

    // Registration and downloads stop; a second cancellation is refused.
    const [doc] = await db.tenderDocument.findMany({ where: { lotId: lot.id } });
    expect((await refusal(recordDownload(P.bidder, { lotId: lot.id, tenderDocumentId: doc!.id }))).code).toBe("tenders:errors.notPublished");
    expect((await refusal(cancelLot(P.author, { lotId: lot.id, reason: "再次终止招标" }))).code).toBe("tenders:errors.notCancellable");
  });

  it("a lot cancelled before its deadline keeps its bidders secret from the buyer's staff; the centre refunds", async () => {
    const lot = await publishedLot("某图书馆改造工程");
    await registerForLot(P.otherBidder, { lotId: lot.id });
    await bidWithBond(lot.id, P.otherBidderOrg.id, P.otherBidder.userId!);
    await cancelLot(P.author, { lotId: lot.id, reason: "项目规划调整，经招标人研究决定终止招标。" });
    const refund = await db.bondRefund.findFirstOrThrow({ where: { lotId: lot.id } });

    // The buyer's own staff: no names, no number, and no refund by row id (art. 22; a re-tender follows).
    const staffLot = await getStaffLot(P.author, { lotId: lot.id });
    expect(staffLot.cancellation).toMatchObject({ partiesSealed: true, refunds: [] });
    const award = await getStaffAward(P.author, { lotId: lot.id });
    expect(award).toMatchObject({ partiesSealed: true, refunds: [] });
    expect(JSON.stringify(award, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(P.otherBidderOrg.name);
    const refused = await refusal(recordBondRefund(P.author, { refundId: refund.id, refundedOn: "2026-01-05", amountYuan: "10000", reference: "BANK-1" }));
    expect(refused.code).toBe("award:errors.refundNotFound");
    expect((await db.bondRefund.findUniqueOrThrow({ where: { id: refund.id } })).refundedOn).toBeNull();

    // The centre holds the bonds: its staff see the register; so does the supervision authority.
    const centre = await makeOrg(db, "CENTRE", "示范市公共资源交易中心");
    const centreStaff = await makeUser(db, centre.id, "STAFF", "中心财务");
    const seen = await getStaffAward(centreStaff, { lotId: lot.id });
    expect(seen.partiesSealed).toBe(false);
    expect(seen.refunds.map((r) => r.bidderName)).toEqual([P.otherBidderOrg.name]);
    // The register says why the bonds are owed: the cancellation, under its own rule (not "after the contract").
    expect(seen.refundBasis).toEqual({ cause: "CANCELLED", article: { zh: "招标投标法实施条例第三十一条", en: "Tendering Law Implementing Regulation art. 31" }, withinDays: 5, unit: "DAYS" });
    expect((await getStaffLot(P.supervisor, { lotId: lot.id })).cancellation?.refunds).toHaveLength(1);
  });

  it("a draft is cancelled without a public notice (it never was public)", async () => {
    const lot = await submittedLot("某仓库维修工程");
    const r = await cancelLot(P.author, { lotId: lot.id, reason: "项目已合并至其他标段" });
    expect(r).toMatchObject({ from: "UNDER_REVIEW", announcementId: null, notifiedOrgs: 0, refunds: 0 });
    expect((await db.lot.findUniqueOrThrow({ where: { id: lot.id } })).status).toBe("CANCELLED");
  });
});
