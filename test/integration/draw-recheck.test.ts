import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "~/domain/actor";
import { addDrawEntropy } from "~/domain/draw/add-draw-entropy";
import { getDraw } from "~/domain/draw/get-draw";
import { recheckDrawAvoidance } from "~/domain/draw/recheck-draw-avoidance";
import { renderMessage } from "~/domain/notify/render-message";
import { notifyT } from "~/domain/notify/templates";
import { requestDraw } from "~/domain/draw/request-draw";
import { fireScheduledTransition } from "~/domain/schedule/fire-scheduled-transition";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { runJob } from "../../workers/run-job";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { makeExperts, seedSpecialties } from "./draw-fixtures";
import { insertPublishedLot, makeOrg, makeUser, seedParties } from "./tenders-fixtures";

/**
 * 回避复核 (issue 5): a draw made before the bid deadline cannot know who will bid. A bidder employing a
 * drawn member bids after the draw; when the deadline passes (the real schedule engine fires CLOSE_BIDDING,
 * which enqueues the re-check through the outbox) the member is AVOIDED and the next backup called.
 */
const { db } = await useTestDb();
useQueuePrefix();

const HOUR = 3_600_000;
let s: Awaited<ReturnType<typeof seedParties>> & { staff: Awaited<ReturnType<typeof makeUser>>; lotId: string; deadline: Date };
let drawId = "";
let names: string[] = [];
let codes: string[] = [];

async function runOutbox(name: string) {
  const rows = await db.outboxJob.findMany({ where: { name }, orderBy: { id: "asc" } });
  const out: unknown[] = [];
  for (const r of rows) out.push(await runJob({ id: r.jobId, name: r.name, data: r.payload, attemptsMade: 0, updateProgress: async () => {} }));
  return out;
}

beforeAll(async () => {
  await seedSpecialties(db);
  const p = await seedParties(db);
  const centre = await makeOrg(db, "CENTRE", "示范市公共资源交易中心");
  const staff = await makeUser(db, centre.id, "STAFF", "抽取员");
  // The deadline a few seconds ahead: the draw is made while bidding is still open.
  const deadline = new Date(Date.now() + 6_000);
  const lot = await insertPublishedLot(
    db,
    { buyerOrgId: p.buyer.id, authorId: p.author.userId!, reviewerId: p.reviewer.userId! },
    { docsFrom: new Date(Date.now() - 3 * HOUR), docsTo: new Date(Date.now() - 2 * HOUR), deadline },
  );
  await db.$transaction((tx) => scheduleLotTransitions(tx, lot.id));
  s = { ...p, staff, lotId: lot.id, deadline };
  await makeExperts(db, 9, ["A0201"]);
});

describe("avoidance re-checked once the bidders are known", () => {
  let member = { id: "", expertId: "" };
  let firstBackup = { id: "", expertId: "" };

  it("draws before the deadline (only the bidders registered so far are avoided)", async () => {
    const r = await requestDraw(s.staff, {
      lotId: s.lotId,
      committeeMembers: 5,
      evaluationAt: new Date(Date.now() + 2 * 86_400_000),
      evaluationPlace: "评标室 305",
      specialties: [{ code: "A0201", members: 5, backups: 3 }],
    });
    drawId = r.drawId;
    await addDrawEntropy(s.supervisor, { drawId, entropy: "dice 6-1-4-4" });
    const rows = await db.drawMember.findMany({ where: { drawId }, orderBy: { rank: "asc" } });
    expect(rows.map((m) => m.status)).toEqual(["NOTIFIED", "NOTIFIED", "NOTIFIED", "NOTIFIED", "NOTIFIED", "STANDBY", "STANDBY", "STANDBY"]);
    member = rows[1]!;
    firstBackup = rows[5]!;
    const experts = await db.expert.findMany({ where: { id: { in: rows.map((m) => m.expertId) } } });
    names = experts.map((e) => e.name);
    codes = experts.map((e) => e.code);
  });

  it("a company employing a drawn member (and the first backup) bids before the deadline", async () => {
    const employer = await db.expert.findUniqueOrThrow({ where: { id: member.expertId }, select: { employerCreditCode: true } });
    // The first backup works there too: the seat must skip it and go to the second backup.
    await db.expert.update({ where: { id: firstBackup.expertId }, data: { employerCreditCode: employer.employerCreditCode } });
    const org = await db.organisation.create({ data: { kind: "BIDDER", name: "迟到投标有限公司", creditCode: employer.employerCreditCode, region: "320500" } });
    const bidder = await makeUser(db, org.id, "BIDDER", "迟到投标人");
    const fp = randomBytes(32).toString("hex");
    await db.bidderKey.create({ data: { orgId: org.id, fingerprint: fp, publicKeySpki: "x", createdById: bidder.userId! } });
    await db.bid.create({
      data: {
        lotId: s.lotId, bidderOrgId: org.id, submittedById: bidder.userId!, uploadId: randomBytes(8).toString("hex"), storageKey: `t/${fp}`,
        size: 1n, ciphertextSha256: fp, plaintextSha256: fp, keyFingerprint: fp, submittedAt: new Date(),
      },
    });
    // Nothing happens before the deadline: the draw is untouched.
    expect(await db.drawMember.count({ where: { drawId, status: "AVOIDED" } })).toBe(0);
  });

  it("the deadline passes: CLOSE_BIDDING enqueues the re-check; the member is AVOIDED and the second backup called", async () => {
    await new Promise((r) => setTimeout(r, Math.max(0, s.deadline.getTime() - Date.now() + 50)));
    const close = await db.scheduledTransition.findFirstOrThrow({ where: { lotId: s.lotId, kind: "CLOSE_BIDDING" } });
    const fired = await fireScheduledTransition({ transitionId: close.id, dueAtMs: close.dueAt.getTime(), rev: close.rev });
    expect(fired.outcome).toBe("APPLIED");
    const jobs = await db.outboxJob.findMany({ where: { name: "drawAvoidanceRecheck" } });
    expect(jobs.map((j) => j.jobId)).toEqual([`draw-recheck-${s.lotId}-deadline`]);

    const [res] = (await runOutbox("drawAvoidanceRecheck")) as { outcome: string; avoided: number; filled: string[] }[];
    expect(res).toEqual({ outcome: "AVOIDED", avoided: 2, filled: ["BACKUP_CALLED"] });

    const rows = await db.drawMember.findMany({ where: { drawId }, orderBy: { rank: "asc" } });
    expect(rows.map((m) => m.status)).toEqual(["NOTIFIED", "AVOIDED", "NOTIFIED", "NOTIFIED", "NOTIFIED", "AVOIDED", "NOTIFIED", "STANDBY"]);
    expect(rows[6]!.replacesId).toBe(member.id);
    // The called backup got its call (notice + timeout job) like any member.
    expect(await db.expertNotice.count({ where: { drawMemberId: rows[6]!.id, kind: "DRAW_CALL" } })).toBe(1);
  });

  it("the expert whose call is withdrawn is told so (time and place), without a word of who bids", async () => {
    const sent = await db.notificationDelivery.findMany({ where: { entityType: "DrawMember", entityId: member.id, template: "experts:notify.drawWithdrawn" } });
    // Reached where the call reached them (these fixture experts have a phone only).
    const call = await db.notificationDelivery.findMany({ where: { entityId: member.id, template: "experts:notify.drawCall" } });
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.map((d) => [d.channel, d.address]).sort()).toEqual(call.map((d) => [d.channel, d.address]).sort());
    expect(sent.every((d) => d.status === "PENDING")).toBe(true);
    // The standby backup avoided with it was never called: nothing to withdraw.
    expect(await db.notificationDelivery.count({ where: { entityId: firstBackup.id, template: "experts:notify.drawWithdrawn" } })).toBe(0);
    expect(await db.expertNotice.count({ where: { drawMemberId: member.id, kind: "DRAW_WITHDRAWN" } })).toBe(1);
    const bidderNames = ["迟到投标有限公司", "迟到投标人", s.bidderOrg.name, s.otherBidderOrg.name];
    for (const locale of ["zh-CN", "en"] as const) {
      const m = renderMessage(notifyT(locale), { locale, centreName: "交易中心", publicUrl: "https://ggzy.example.cn" }, sent[0]!);
      expect(m.body).toContain("评标室 305");
      const text = JSON.stringify([m, sent[0]!.params]);
      for (const x of bidderNames) expect(text).not.toContain(x);
    }
  });

  it("is audited as the system, without names or expert codes", async () => {
    const entries = await db.auditEntry.findMany({ where: { action: { in: ["draw.member_avoided", "draw.backup_called"] } }, orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.action, e.entityId, e.actorRole])).toEqual([
      ["draw.member_avoided", member.id, "SYSTEM"],
      ["draw.member_avoided", firstBackup.id, "SYSTEM"],
      ["draw.backup_called", expect.any(String), "SYSTEM"],
    ]);
    expect(entries[0]!.detail).toMatchObject({ drawId, reason: "bidder", role: "MEMBER", recheck: true });
    const text = JSON.stringify(entries.map((e) => e.detail));
    for (const x of [...names, ...codes]) expect(text).not.toContain(x);
  });

  it("names stay sealed to staff after the replacement; counts show the avoidance", async () => {
    const view = await getDraw(s.staff, drawId);
    expect(view.names).toBe("none");
    expect(view.seats.every((x) => x.expert === undefined)).toBe(true);
    expect(view.counts).toMatchObject({ AVOIDED: 2, NOTIFIED: 5, STANDBY: 1 });
    const json = JSON.stringify(view);
    for (const x of [...names, ...codes]) expect(json).not.toContain(x);
  });

  it("is idempotent: a repeated job (or a second trigger) avoids nobody and calls nobody", async () => {
    const again = await recheckDrawAvoidance(systemActor("test"), { lotId: s.lotId });
    expect(again).toEqual({ outcome: "CLEAN", avoided: 0, filled: [] });
    expect(await db.drawMember.count({ where: { drawId, status: "NOTIFIED" } })).toBe(5);
    expect(await db.auditEntry.count({ where: { action: "draw.backup_called" } })).toBe(1);
  });

  it("only the worker may run it", async () => {
    await expect(recheckDrawAvoidance(s.staff, { lotId: s.lotId })).rejects.toMatchObject({ status: 403 });
  });
});
