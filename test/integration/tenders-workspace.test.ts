/**
 * The read models behind the staff and bidder workspaces (tender workflow UI): scope (nobody lists a lot
 * the domain would refuse them), 一审一核 marking, anonymity of questions, and a bidder seeing only its own
 * registration, questions and objections.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { approvePublication } from "~/domain/tenders/approve-publication";
import { askQuestion } from "~/domain/tenders/ask-question";
import { getBidderLot } from "~/domain/tenders/get-bidder-lot";
import { getStaffLot } from "~/domain/tenders/get-staff-lot";
import { listLotQuestions } from "~/domain/tenders/list-lot-questions";
import { listMyRegistrations } from "~/domain/tenders/list-my-registrations";
import { listReviewQueue } from "~/domain/tenders/list-review-queue";
import { countReviewQueue } from "~/domain/tenders/count-review-queue";
import { listStaffLots } from "~/domain/tenders/list-staff-lots";
import { registerForLot } from "~/domain/tenders/register-for-lot";
import { submitForReview } from "~/domain/tenders/submit-for-review";
import { draftLotWithDocument, makeOrg, makeUser, useTenderParties } from "./tenders-fixtures";

const { db, P } = await useTenderParties("workspace");
let lotId: string;
beforeAll(async () => {
  const lot = await draftLotWithDocument(P, { code: "GC-2026-7001", title: "示范市工作台测试工程" });
  await submitForReview(P.author, { lotId: lot.id });
  lotId = lot.id;
});

describe("staff workspace read models", () => {
  it("lists the lot for its own organisation's staff, not for another buyer's", async () => {
    const mine = await listStaffLots(P.author);
    expect(mine.lots.map((l) => l.id)).toContain(lotId);
    expect(mine.counts.UNDER_REVIEW).toBe(1);
    expect(mine.lots.find((l) => l.id === lotId)!.mine).toBe(true);

    const otherBuyer = await makeOrg(db, "BUYER", "另一招标人");
    const stranger = await makeUser(db, otherBuyer.id, "STAFF", "他人");
    expect((await listStaffLots(stranger)).lots).toHaveLength(0);
    await expect(getStaffLot(stranger, { lotId })).rejects.toMatchObject({ code: "tenders:errors.notYourTender" });
  });

  it("marks the author's own lot in the review queue (一审一核) and not the reviewer's", async () => {
    expect((await listReviewQueue(P.author)).find((l) => l.id === lotId)?.ownWork).toBe(true);
    expect((await listReviewQueue(P.reviewer)).find((l) => l.id === lotId)?.ownWork).toBe(false);
    // The staff tabs' count: the reviewer has it waiting; the author does not (own work); a bidder has no queue.
    expect(await countReviewQueue(P.reviewer)).toBe(1);
    expect(await countReviewQueue(P.author)).toBe(0);
    expect(await countReviewQueue(P.bidder)).toBe(0);
  });

  it("refuses bidders the staff views", async () => {
    await expect(listStaffLots(P.bidder)).rejects.toMatchObject({ status: 403 });
  });
});

describe("bidder workspace read models", () => {
  beforeAll(async () => {
    await approvePublication(P.reviewer, { lotId });
    await registerForLot(P.bidder, { lotId });
    await registerForLot(P.otherBidder, { lotId });
    await askQuestion(P.bidder, { lotId, text: "甲的问题" });
    await askQuestion(P.otherBidder, { lotId, text: "乙的问题" });
  });

  it("shows a bidder its own registration and questions only", async () => {
    const d = await getBidderLot(P.bidder, { lotId });
    expect(d.registration).not.toBeNull();
    expect(d.questions.map((q) => q.text)).toEqual(["甲的问题"]);
    expect(d.can).toMatchObject({ register: false, download: true, ask: true, object: true });
    expect(JSON.stringify(d, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain("乙的问题");
    expect((await listMyRegistrations(P.bidder)).items.map((i) => i.id)).toEqual([lotId]);
  });

  it("gives staff the questions without who asked them", async () => {
    const qs = await listLotQuestions(P.author, { lotId });
    expect(qs.map((q) => [q.seq, q.text])).toEqual([
      [1, "甲的问题"],
      [2, "乙的问题"],
    ]);
    const json = JSON.stringify(qs);
    for (const secret of [P.bidderOrg.id, P.otherBidderOrg.id, P.bidder.userId!]) expect(json).not.toContain(secret);
  });

  it("proposes no deadline move while more than 15 days remain", async () => {
    const d = await getStaffLot(P.author, { lotId });
    expect(d.proposedDeadline).toBeNull();
    expect(d.changeMinDays).toBe(15);
  });
});
