import { beforeAll, describe, expect, it } from "vitest";
import { publicActor, systemActor } from "~/domain/actor";
import { addDrawEntropy } from "~/domain/draw/add-draw-entropy";
import { finalizeDraw } from "~/domain/draw/finalize-draw";
import { getDrawProof } from "~/domain/draw/get-draw-proof";
import { expireDrawResponse } from "~/domain/draw/expire-draw-response";
import { listMyAssignments } from "~/domain/draw/list-my-assignments";
import { NotEnoughExpertsError, requestDraw } from "~/domain/draw/request-draw";
import { respondToDraw } from "~/domain/draw/respond-to-draw";
import { verifyDrawProof } from "~/domain/draw/verify-proof";
import { runJob } from "../../workers/run-job";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { drawRequest, drawScene, expertActor, makeExperts } from "./draw-fixtures";
import { makeOrg, makeUser } from "./tenders-fixtures";

const { db } = await useTestDb();
useQueuePrefix();

type Scene = Awaited<ReturnType<typeof drawScene>>;
let s: Scene;

beforeAll(async () => {
  s = await drawScene(db);
  await makeExperts(db, 6, ["A0201"]);
  await makeExperts(db, 4, ["A0202"]);
  await makeExperts(db, 3, ["A0203"]);
  // Avoided: employees of a bidder and of the buyer, one on leave, one with a violation, one suspended.
  await makeExperts(db, 2, ["A0201"], { employerCreditCode: s.bidderOrg.creditCode });
  await makeExperts(db, 1, ["A0202"], { employerCreditCode: s.buyer.creditCode });
  const [onLeave] = await makeExperts(db, 1, ["A0203"]);
  await db.expertLeave.create({ data: { expertId: onLeave!, startsAt: new Date(Date.now() + 86_400_000), endsAt: new Date(Date.now() + 5 * 86_400_000) } });
  const [violator] = await makeExperts(db, 1, ["A0203"]);
  await db.expertViolation.create({ data: { expertId: violator!, at: new Date(), description: "评标中私下接触投标人" } });
  const [suspended] = await makeExperts(db, 1, ["A0201"]);
  await db.expert.update({ where: { id: suspended! }, data: { status: "SUSPENDED" } });
});

/** Runs the worker's handler for every outbox job of this name not yet run by the test. */
const ran = new Set<bigint>();
async function runOutbox(name: string) {
  const rows = await db.outboxJob.findMany({ where: { name }, orderBy: { id: "asc" } });
  const out: unknown[] = [];
  for (const r of rows) {
    if (ran.has(r.id)) continue;
    ran.add(r.id);
    out.push(await runJob({ id: r.jobId, name: r.name, data: r.payload, attemptsMade: 0, updateProgress: async () => {} }));
  }
  return out;
}

describe("expert draw end to end", () => {
  let drawId = "";

  it("refuses a draw it cannot fill and names what is missing per specialty; nothing is written", async () => {
    const req = drawRequest(s.lot.id, { specialties: [{ code: "A0201", members: 3, backups: 4 }, { code: "A0203", members: 4, backups: 1 }] });
    const err = await requestDraw(s.staff, req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotEnoughExpertsError);
    const e = err as NotEnoughExpertsError;
    expect(e.code).toBe("experts:errors.notEnoughExperts");
    expect(e.shortfalls).toEqual([
      { specialtyCode: "A0201", needed: 7, available: 6, missing: 1 },
      { specialtyCode: "A0203", needed: 5, available: 3, missing: 2 },
    ]);
    expect(e.params.missing).toBe("A0201 ×1, A0203 ×2");
    expect(await db.draw.count()).toBe(0);
  });

  it("refuses an invalid committee (even size) by the rule profile", async () => {
    const err = await requestDraw(s.staff, drawRequest(s.lot.id, { committeeMembers: 8 })).catch((e: unknown) => e);
    expect((err as { code: string }).code).toMatch(/^rules:violations\.committeeComposition/);
  });

  it("commits to a seed and fixes the eligible pools with every avoidance applied", async () => {
    const r = await requestDraw(s.staff, drawRequest(s.lot.id));
    drawId = r.drawId;
    expect(r.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(r.pools.map((p) => [p.specialtyCode, p.count])).toEqual([["A0201", 6], ["A0202", 4], ["A0203", 3]]);
    expect(r.avoidance).toMatchObject({ bidder: 2, buyer: 1, leave: 1, violation: 1, inactive: 1, eligible: 13 });
    const draw = await db.draw.findUniqueOrThrow({ where: { id: drawId } });
    expect(draw.status).toBe("AWAITING_ENTROPY");
    expect(draw.serverSeedEnc).not.toContain(r.commitment);
  });

  it("refuses a second draw for the same lot (fishing for names)", async () => {
    const err = await requestDraw(s.staff, drawRequest(s.lot.id)).catch((e: unknown) => e);
    expect((err as { code: string; status: number })).toMatchObject({ code: "experts:errors.drawExists", status: 409 });
  });

  it("only a supervisor adds entropy; the draw calls members and keeps backups on standby", async () => {
    await expect(addDrawEntropy(s.staff, { drawId, entropy: "骰子 3-5-6-1" })).rejects.toMatchObject({ status: 403 });
    const r = await addDrawEntropy(s.supervisor, { drawId, entropy: "骰子 3-5-6-1" });
    expect(r).toEqual({ drawId, members: 7, backups: 3 });
    const members = await db.drawMember.findMany({ where: { drawId } });
    expect(members.filter((m) => m.status === "NOTIFIED")).toHaveLength(7);
    expect(members.filter((m) => m.status === "STANDBY" && m.role === "BACKUP")).toHaveLength(3);
    expect(await db.outboxJob.count({ where: { name: "drawResponseTimeout" } })).toBe(7);
    expect(await db.expertNotice.count({ where: { kind: "DRAW_CALL" } })).toBe(7);
    // Through the shared notify(): an SMS to each drawn expert's own phone, time and place only.
    const sms = await db.notificationDelivery.findMany({ where: { template: "experts:notify.drawCall", channel: "SMS" } });
    expect(sms).toHaveLength(7);
    expect(JSON.stringify(sms[0]!.params)).not.toContain(s.lot.id);
    await expect(addDrawEntropy(s.supervisor, { drawId, entropy: "again-123" })).rejects.toMatchObject({ code: "experts:errors.drawNotAwaitingEntropy" });
  });

  it("a decline calls the next backup of the same specialty by itself (worker job)", async () => {
    const m = await db.drawMember.findFirstOrThrow({ where: { drawId, specialtyCode: "A0202", role: "MEMBER" } });
    const expert = await expertActor(db, s.centre.id);
    await db.expert.update({ where: { id: m.expertId }, data: { userId: expert.userId } });
    const mine = await listMyAssignments(expert);
    expect(mine.assignments).toHaveLength(1);
    expect(mine.assignments[0]).toMatchObject({ memberId: m.id, evaluationPlace: expect.stringContaining("评标室"), canRespond: true });
    expect(JSON.stringify(mine)).not.toContain(s.lot.id);

    await expect(respondToDraw(expert, { memberId: m.id, accept: false })).rejects.toMatchObject({ code: "experts:errors.declineReasonRequired" });
    await respondToDraw(expert, { memberId: m.id, accept: false, reason: "出差" });
    const results = await runOutbox("drawCallBackup");
    expect(results[0]).toMatchObject({ outcome: "BACKUP_CALLED" });
    const backup = await db.drawMember.findFirstOrThrow({ where: { drawId, specialtyCode: "A0202", role: "BACKUP" } });
    expect(backup).toMatchObject({ status: "NOTIFIED", replacesId: m.id });
    const audit = await db.auditEntry.findFirst({ where: { action: "draw.backup_called", entityId: backup.id } });
    expect(audit?.actorRole).toBe("SYSTEM");
    // The job is idempotent: running it again fills nothing twice.
    const again = await runJob({ id: "x", name: "drawCallBackup", data: { memberId: m.id }, attemptsMade: 1, updateProgress: async () => {} });
    expect(again).toMatchObject({ outcome: "ALREADY_FILLED" });
  });

  it("an answer after the limit is refused and changes nothing; the timeout calls the backup", async () => {
    const m = await db.drawMember.findFirstOrThrow({ where: { drawId, specialtyCode: "A0203", role: "MEMBER" } });
    const expert = await expertActor(db, s.centre.id);
    await db.expert.update({ where: { id: m.expertId }, data: { userId: expert.userId } });
    const past = new Date(Date.now() - 1000);
    await db.drawMember.update({ where: { id: m.id }, data: { respondBy: past } });
    await expect(respondToDraw(expert, { memberId: m.id, accept: true })).rejects.toMatchObject({ code: "experts:errors.responseTooLate" });
    expect((await db.drawMember.findUniqueOrThrow({ where: { id: m.id } })).status).toBe("NOTIFIED");
    const r = await expireDrawResponse(systemActor(), { memberId: m.id, respondByMs: past.getTime() });
    expect(r).toMatchObject({ outcome: "BACKUP_CALLED" });
    expect((await db.drawMember.findUniqueOrThrow({ where: { id: m.id } })).status).toBe("TIMED_OUT");
  });

  it("backups exhausted → a supplementary draw with a fresh commitment, counted and alerted", async () => {
    const m2 = await db.drawMember.findFirstOrThrow({ where: { drawId, specialtyCode: "A0203", role: "MEMBER", status: "NOTIFIED" } });
    const past = new Date(Date.now() - 1000);
    await db.drawMember.update({ where: { id: m2.id }, data: { respondBy: past } });
    const r = await expireDrawResponse(systemActor(), { memberId: m2.id, respondByMs: past.getTime() });
    expect(r.outcome).toBe("SUPPLEMENTARY_DRAW");
    const sup = await db.draw.findFirstOrThrow({ where: { kind: "SUPPLEMENTARY" }, include: { pools: true } });
    expect(sup).toMatchObject({ seq: 2, parentDrawId: drawId, replacesMemberId: m2.id, status: "AWAITING_ENTROPY" });
    // A0203 had 3 eligible, all three are in the lot already: the supplementary pool is empty.
    expect(sup.pools[0]!.codes).toEqual([]);
    const alert = await db.alert.findFirstOrThrow({ where: { kind: "REPEATED_DRAW", lotId: s.lot.id } });
    expect(alert.messageCode).toBe("experts:alerts.supplementaryDraw");
    await db.draw.update({ where: { id: sup.id }, data: { status: "CANCELLED" } });
  });

  it("the bidders see counts and statuses publicly, not codes, until the result is final", async () => {
    const before = await getDrawProof(drawId);
    expect(before.revealed).toBe(false);
    expect(before.serverSeed).toBeNull();
    expect(before.pools.every((p) => p.codes === null)).toBe(true);
    expect(before.seats).toHaveLength(10);
    expect(JSON.stringify(before)).not.toMatch(/E-[0-9A-Z]{7}/);
  });

  it("after the result is final the public proof replays to the same selection", async () => {
    await expect(finalizeDraw(s.supervisor, { drawId, confirm: true })).rejects.toMatchObject({ status: 403 });
    await finalizeDraw(s.staff, { drawId, confirm: true });
    // Finalising seals nothing open: the proof is revealed with the result (候选人公示 or later).
    expect((await getDrawProof(drawId)).revealed).toBe(false);
    await db.lot.update({ where: { id: s.lot.id }, data: { status: "CANDIDATES_PUBLICITY" } });
    const proof = await getDrawProof(drawId);
    expect(proof.revealed).toBe(true);
    const v = verifyDrawProof(JSON.parse(JSON.stringify(proof)));
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.replayed).toEqual(proof.selection);
    // A tampered proof does not verify.
    const bad = { ...proof, entropy: `${proof.entropy}x` };
    expect(verifyDrawProof(bad).ok).toBe(false);
    expect(publicActor().role).toBe("PUBLIC");
  });

  it("a draw for a lot in the wrong state is refused", async () => {
    const org = await makeOrg(db, "BUYER", "另一招标人");
    const author = await makeUser(db, org.id, "STAFF", "x");
    const project = await db.project.create({ data: { code: "WS-1", title: "t", procurementType: "CONSTRUCTION", buyerOrgId: org.id, region: "320500", createdById: author.userId! } });
    const lot = await db.lot.create({
      data: {
        projectId: project.id, lotNo: 1, title: "草稿", estimatedPriceFen: 1n, ceilingPriceFen: 1n, bondFen: 0n, evaluationMethod: "LOWEST_PRICE",
        docsAvailableFrom: new Date(Date.now() - 1000), docsAvailableTo: new Date(), clarificationCutoff: new Date(), objectionCutoff: new Date(), bidDeadline: new Date(), authorId: author.userId!,
      },
    });
    await expect(requestDraw(s.staff, drawRequest(lot.id))).rejects.toMatchObject({ code: "experts:errors.lotWrongState", params: { status: "DRAFT" } });
  });
});
