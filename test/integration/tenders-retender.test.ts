import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getHallView } from "~/domain/opening/get-hall-view";
import { startOpening } from "~/domain/opening/start-opening";
import { getPublicTender } from "~/domain/tenders/get-public-tender";
import { getStaffLot } from "~/domain/tenders/get-staff-lot";
import { retenderLot } from "~/domain/tenders/retender-lot";
import { submitForReview } from "~/domain/tenders/submit-for-review";
import { updateDraftLot } from "~/domain/tenders/update-draft-lot";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { useTempStorage } from "./bids-fixtures";
import { setupHall } from "./opening-fixtures";
import { legalTerms } from "./tenders-fixtures";

/**
 * 重新招标 after a 流标 (实施条例 第四十四条): the failed lot's terms and tender documents carry over to a new
 * DRAFT lot of the same project, the instants do not; the two lots are linked both ways; one re-tender
 * per failed lot.
 */
const { db } = await useTestDb();
useQueuePrefix();
useTempStorage();
let h: Awaited<ReturnType<typeof setupHall>>;
let documentId: string;

beforeAll(async () => {
  h = await setupHall(db, [5_000_00n, 6_000_00n]);
  await db.lot.update({
    where: { id: h.lot.id },
    data: {
      description: "北环路照明改造",
      qualification: "城市及道路照明工程专业承包二级",
      decryptionWindowMinutes: 45,
      evaluationMethod: "COMPREHENSIVE",
      criteria: [{ name: "投标报价", weight: 70 }, { name: "技术标", weight: 30 }],
    },
  });
  const doc = await db.document.create({
    data: { kind: "TENDER_FILE", number: `TF-${randomUUID()}`, title: "招标文件", storageKey: `tender/${randomUUID()}`, sha256: "a".repeat(64), size: 1234, entityType: "Lot", entityId: h.lot.id },
  });
  documentId = doc.id;
  await db.tenderDocument.create({ data: { lotId: h.lot.id, documentId, sha256: doc.sha256, name: "招标文件.pdf", size: 1234, uploadedById: h.author.userId! } });
  // A withdrawn file (replaced by a change notice) is not offered any more, so it is not carried over.
  await db.tenderDocument.create({
    data: { lotId: h.lot.id, documentId, sha256: doc.sha256, name: "旧版招标文件.pdf", size: 1234, uploadedById: h.author.userId!, withdrawnAt: new Date() },
  });
});

describe("重新招标 of a failed lot", () => {
  it("is refused while the lot has not failed", async () => {
    await expect(retenderLot(h.author, { lotId: h.lot.id })).rejects.toMatchObject({ code: "tenders:errors.retenderNotFailed", status: 409 });
    expect(await db.lot.count({ where: { projectId: h.lot.projectId } })).toBe(1);
  });

  it("creates a DRAFT of the same project with the failed lot's terms and documents, linked and audited", async () => {
    await startOpening(h.author, { lotId: h.lot.id });
    const failed = await db.lot.findUniqueOrThrow({ where: { id: h.lot.id } });
    expect(failed.status).toBe("FAILED");
    expect((await getHallView(h.author, { lotId: h.lot.id })).failure).toMatchObject({ canRetender: true, retenderedAs: null });

    const lot = await retenderLot(h.author, { lotId: h.lot.id });
    expect(lot).toMatchObject({
      projectId: failed.projectId,
      lotNo: 2,
      status: "DRAFT",
      title: "第一标段（重新招标）",
      description: "北环路照明改造",
      estimatedPriceFen: failed.estimatedPriceFen,
      ceilingPriceFen: failed.ceilingPriceFen,
      bondFen: failed.bondFen,
      qualification: "城市及道路照明工程专业承包二级",
      evaluationMethod: "COMPREHENSIVE",
      criteria: failed.criteria,
      decryptionWindowMinutes: 45,
      authorId: h.author.userId,
      publishedAt: null,
      retenderOfLotId: failed.id,
    });
    // The instants are not carried over: a placeholder schedule, not the failed lot's.
    expect(lot.bidDeadline.getTime()).not.toBe(failed.bidDeadline.getTime());
    expect(lot.bidDeadline.getTime() - lot.docsAvailableFrom.getTime()).toBe(1);

    const docs = await db.tenderDocument.findMany({ where: { lotId: lot.id } });
    expect(docs.map((d) => [d.name, d.documentId, d.withdrawnAt])).toEqual([["招标文件.pdf", documentId, null]]);
    expect(await db.document.count()).toBe(1); // the same stored document, not a copy

    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "lot.retendered", entityId: lot.id } });
    expect(audit.actorId).toBe(h.author.userId);
    expect(audit.detail).toMatchObject({ retenderOfLotId: failed.id, documents: 1 });

    // Both staff pages and the hall name the other lot; the public page only names a published one.
    expect((await getStaffLot(h.author, { lotId: lot.id })).lot.retenderOf).toMatchObject({ id: failed.id, title: "第一标段" });
    expect((await getStaffLot(h.author, { lotId: lot.id })).retenderScheduleUnset).toBe(true);
    expect((await getStaffLot(h.author, { lotId: failed.id })).lot.retenderedBy).toMatchObject({ id: lot.id, title: "第一标段（重新招标）" });
    expect((await getHallView(h.author, { lotId: failed.id })).failure).toMatchObject({ canRetender: false, retenderedAs: { id: lot.id } });
    const pub = await getPublicTender(failed.id, new Date(), db);
    expect(pub.retenderedBy).toBeNull();
    expect(pub.outcome).toMatchObject({ kind: "FAILED", announcementId: expect.any(String) });
  });

  it("refuses a second re-tender of the same failed lot, naming the existing one", async () => {
    await expect(retenderLot(h.author, { lotId: h.lot.id })).rejects.toMatchObject({
      code: "tenders:errors.alreadyRetendered",
      status: 409,
      params: { title: "第一标段（重新招标）" },
    });
    expect(await db.lot.count({ where: { retenderOfLotId: h.lot.id } })).toBe(1);
  });

  it("cannot be submitted for review until staff set a new schedule", async () => {
    const lot = await db.lot.findFirstOrThrow({ where: { retenderOfLotId: h.lot.id } });
    await expect(submitForReview(h.author, { lotId: lot.id })).rejects.toMatchObject({ code: "tenders:errors.retenderScheduleNotSet", status: 422 });
    const now = new Date();
    const failed = await db.lot.findUniqueOrThrow({ where: { id: h.lot.id } });
    const terms = legalTerms(now, {
      title: lot.title,
      description: lot.description,
      estimatedPriceFen: lot.estimatedPriceFen,
      ceilingPriceFen: lot.ceilingPriceFen,
      bondFen: lot.bondFen,
      qualification: lot.qualification,
      criteria: failed.criteria,
      docsAvailableFrom: new Date(now.getTime() + 60_000),
    });
    await updateDraftLot(h.author, { ...terms, lotId: lot.id, expectedVersion: lot.version }, now);
    await submitForReview(h.author, { lotId: lot.id }, now);
    expect((await db.lot.findUniqueOrThrow({ where: { id: lot.id } })).status).toBe("UNDER_REVIEW");
  });

  it("is refused to a bidder", async () => {
    await expect(retenderLot(h.bidders[0]!.actor, { lotId: h.lot.id })).rejects.toMatchObject({ status: 403 });
  });
});
