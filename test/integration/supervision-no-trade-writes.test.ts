import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { finaliseBid } from "~/domain/bids/finalise-bid";
import { registerBidderKey } from "~/domain/bids/register-bidder-key";
import { withdrawBid } from "~/domain/bids/withdraw-bid";
import { cancelDraw } from "~/domain/draw/cancel-draw";
import { finalizeDraw } from "~/domain/draw/finalize-draw";
import { requestDraw } from "~/domain/draw/request-draw";
import { respondToDraw } from "~/domain/draw/respond-to-draw";
import { setExpertSpecialties } from "~/domain/experts/set-expert-specialties";
import { fileComplaint } from "~/domain/supervision/file-complaint";
import { addTenderDocument } from "~/domain/tenders/add-tender-document";
import { answerObjection } from "~/domain/tenders/answer-objection";
import { answerQuestion } from "~/domain/tenders/answer-question";
import { approvePublication } from "~/domain/tenders/approve-publication";
import { askQuestion } from "~/domain/tenders/ask-question";
import { createLot } from "~/domain/tenders/create-lot";
import { createProject } from "~/domain/tenders/create-project";
import { planTransition, LOT_EVENTS, TRANSITIONS } from "~/domain/tenders/lot-lifecycle";
import { publishChange } from "~/domain/tenders/publish-change";
import { raiseObjection } from "~/domain/tenders/raise-objection";
import { recordDownload } from "~/domain/tenders/record-download";
import { registerForLot } from "~/domain/tenders/register-for-lot";
import { rejectPublication } from "~/domain/tenders/reject-publication";
import { submitForReview } from "~/domain/tenders/submit-for-review";
import { updateDraftLot } from "~/domain/tenders/update-draft-lot";
import { useTestDb } from "../support/db";

await useTestDb();

/** Supervisors watch, annotate, order suspension and decide complaints — nothing else (issue 7 §7). */
const supervisor: Actor = { userId: randomUUID(), role: "SUPERVISOR", orgId: randomUUID(), ip: "", userAgent: "vitest" };
const id = randomUUID();
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the inputs never get past the permission check
const any = {} as any;

const TRADE_WRITES: [string, () => Promise<unknown>][] = [
  ["createProject", () => createProject(supervisor, any)],
  ["createLot", () => createLot(supervisor, { ...any, projectId: id })],
  ["updateDraftLot", () => updateDraftLot(supervisor, { ...any, lotId: id, expectedVersion: 1 })],
  ["addTenderDocument", () => addTenderDocument(supervisor, { lotId: id, fileName: "a.pdf", data: Buffer.from("x") })],
  ["submitForReview", () => submitForReview(supervisor, { lotId: id })],
  ["approvePublication", () => approvePublication(supervisor, { lotId: id })],
  ["rejectPublication", () => rejectPublication(supervisor, { lotId: id, reason: "x" })],
  ["publishChange", () => publishChange(supervisor, any)],
  ["answerQuestion", () => answerQuestion(supervisor, { questionId: id, answer: "x" })],
  ["answerObjection", () => answerObjection(supervisor, { objectionId: id, answer: "x" })],
  ["registerForLot", () => registerForLot(supervisor, { lotId: id })],
  ["askQuestion", () => askQuestion(supervisor, { lotId: id, text: "x" })],
  ["raiseObjection", () => raiseObjection(supervisor, { lotId: id, text: "x" })],
  ["recordDownload", () => recordDownload(supervisor, { lotId: id, tenderDocumentId: id })],
  ["finaliseBid", () => finaliseBid(supervisor, any)],
  ["withdrawBid", () => withdrawBid(supervisor, { bidId: id })],
  ["registerBidderKey", () => registerBidderKey(supervisor, any)],
  ["requestDraw", () => requestDraw(supervisor, any)],
  ["cancelDraw", () => cancelDraw(supervisor, { drawId: id, reason: "x" })],
  ["finalizeDraw", () => finalizeDraw(supervisor, { drawId: id, confirm: true })],
  ["respondToDraw", () => respondToDraw(supervisor, { memberId: id, accept: true })],
  ["setExpertSpecialties", () => setExpertSpecialties(supervisor, { expertId: id, codes: [] })],
  ["fileComplaint", () => fileComplaint(supervisor, { lotId: id, grounds: "x", knewAt: new Date() })],
];

describe("a supervisor cannot write trade data", () => {
  it.each(TRADE_WRITES)("%s → 403", async (_name, call) => {
    await expect(call()).rejects.toMatchObject({ name: "DomainError", status: 403 });
  });

  it("the lot state machine refuses every event to a supervisor except suspend/resume by order", () => {
    const allowed = new Set(["suspend", "resume"]);
    for (const t of TRANSITIONS) {
      const lot = { id, status: t.from, authorId: randomUUID(), suspendedFrom: "PUBLISHED" as const };
      if (allowed.has(t.event)) expect(() => planTransition(lot, supervisor, t.event)).not.toThrow();
      else expect(() => planTransition(lot, supervisor, t.event), `${t.from} ${t.event}`).toThrow(expect.objectContaining({ status: 403 }));
    }
    expect(LOT_EVENTS.length).toBeGreaterThan(10);
  });
});
