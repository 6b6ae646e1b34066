import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { acknowledgeAlert } from "~/domain/supervision/acknowledge-alert";
import { annotateAlert } from "~/domain/supervision/annotate-alert";
import { escalateAlert } from "~/domain/supervision/escalate-alert";
import { evaluateAlertRules } from "~/domain/supervision/evaluate-alert-rules";
import { listAlerts } from "~/domain/supervision/list-alerts";
import { fireScheduledTransition } from "~/domain/schedule/fire-scheduled-transition";
import { raiseOverdueAlerts } from "~/domain/schedule/raise-overdue-alerts";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { insertPublishedLot, seedParties } from "./tenders-fixtures";

const { db } = await useTestDb();
useQueuePrefix();

let P: Awaited<ReturnType<typeof seedParties>>;
const H = 3600_000;
const parties = () => ({ buyerOrgId: P.buyer.id, authorId: P.author.userId!, reviewerId: P.reviewer.userId! });

beforeAll(async () => {
  P = await seedParties(db);
});

async function insertBid(lotId: string, orgId: string, userId: string, ip: string) {
  const fp = randomBytes(32).toString("hex");
  await db.bidderKey.create({ data: { orgId, fingerprint: fp, publicKeySpki: "x", createdById: userId } });
  return db.bid.create({
    data: {
      lotId,
      bidderOrgId: orgId,
      submittedById: userId,
      uploadId: randomUUID(),
      storageKey: `bids/${randomUUID()}`,
      size: 100n,
      ciphertextSha256: randomBytes(32).toString("hex"),
      plaintextSha256: randomBytes(32).toString("hex"),
      keyFingerprint: fp,
      uploaderIp: ip,
      submittedAt: new Date(),
    },
  });
}

describe("evaluateAlertRules", () => {
  it("raises a yellow objection alert that turns red by itself as time passes, once each", async () => {
    const now = new Date();
    const lot = await insertPublishedLot(db, parties(), { docsTo: new Date(now.getTime() + 5 * 24 * H), deadline: new Date(now.getTime() + 20 * 24 * H) });
    const o = await db.objection.create({
      data: { lotId: lot.id, orgId: P.bidderOrg.id, userId: P.bidder.userId!, text: "异议", answerDueAt: new Date(now.getTime() + 10 * H) },
    });
    await evaluateAlertRules(db, now);
    const yellow = await db.alert.findMany({ where: { lotId: lot.id } });
    expect(yellow.map((a) => [a.kind, a.severity])).toEqual([["OBJECTION_DUE_SOON", "YELLOW"]]);
    expect(yellow[0]!.params).toMatchObject({ objectionId: o.id });

    // Idempotent: the same instant again raises nothing new.
    expect(await evaluateAlertRules(db, now)).toBe(0);

    // 11 hours later, with nobody touching anything, the answer is overdue: the same alert turns red.
    await evaluateAlertRules(db, new Date(now.getTime() + 11 * H));
    const all = await db.alert.findMany({ where: { lotId: lot.id }, orderBy: { createdAt: "asc" } });
    expect(all.map((a) => [a.id, a.kind, a.severity])).toEqual([[yellow[0]!.id, "OBJECTION_OVERDUE", "RED"]]);
    expect(await db.auditEntry.count({ where: { action: "alert.raised", entityId: lot.id } })).toBe(1);
    expect(await db.auditEntry.count({ where: { action: "alert.severity_raised", entityId: yellow[0]!.id } })).toBe(1);
  });

  it("one overdue objection ends with exactly one red alert, whichever paths saw it (rules, scheduler check, deadline engine)", async () => {
    const now = Date.now();
    const lot = await insertPublishedLot(db, parties(), { docsTo: new Date(now + 5 * 24 * H), deadline: new Date(now + 20 * 24 * H) });
    const due = new Date(now - 60_000); // already due, so the engine's job may fire now
    const o = await db.objection.create({ data: { lotId: lot.id, orgId: P.bidderOrg.id, userId: P.bidder.userId!, text: "异议", answerDueAt: due } });
    await db.$transaction((tx) => scheduleLotTransitions(tx, lot.id));
    const row = await db.scheduledTransition.findFirstOrThrow({ where: { lotId: lot.id, kind: "OBJECTION_ANSWER_DUE", refId: o.id } });

    await evaluateAlertRules(db, new Date(due.getTime() - 10 * H)); // the rules: yellow, due soon
    await raiseOverdueAlerts(db, new Date(due.getTime() + 1000)); // the scheduler's check: overdue
    expect((await fireScheduledTransition({ transitionId: row.id, dueAtMs: row.dueAt.getTime(), rev: row.rev }, { db })).outcome).toBe("ALERTED");
    await evaluateAlertRules(db, new Date());
    await raiseOverdueAlerts(db, new Date());

    const alerts = await db.alert.findMany({ where: { lotId: lot.id } });
    expect(alerts.map((a) => [a.kind, a.severity, a.dedupeKey])).toEqual([["OBJECTION_OVERDUE", "RED", `objection-answer-${o.id}`]]);
    expect(alerts[0]!.params).toMatchObject({ objectionId: o.id });
    expect(await db.auditEntry.count({ where: { action: "alert.severity_raised", entityId: alerts[0]!.id } })).toBe(1);
  });

  it("the deadline engine's red alert, raised first inside its own transaction, is the one the rules find later", async () => {
    const now = Date.now();
    const lot = await insertPublishedLot(db, parties(), { docsTo: new Date(now + 5 * 24 * H), deadline: new Date(now + 20 * 24 * H) });
    const o = await db.objection.create({ data: { lotId: lot.id, orgId: P.bidderOrg.id, userId: P.bidder.userId!, text: "异议", answerDueAt: new Date(now - 1000) } });
    await db.$transaction((tx) => scheduleLotTransitions(tx, lot.id));
    const row = await db.scheduledTransition.findFirstOrThrow({ where: { lotId: lot.id, kind: "OBJECTION_ANSWER_DUE", refId: o.id } });
    await fireScheduledTransition({ transitionId: row.id, dueAtMs: row.dueAt.getTime(), rev: row.rev }, { db });
    expect((await db.scheduledTransition.findUniqueOrThrow({ where: { id: row.id } })).outcome).toBe("ALERTED");
    expect(await evaluateAlertRules(db, new Date())).toBe(0);
    await raiseOverdueAlerts(db, new Date());
    expect((await db.alert.findMany({ where: { lotId: lot.id } })).map((a) => a.severity)).toEqual(["RED"]);
    expect(await db.auditEntry.count({ where: { action: "alert.raised", entityId: lot.id } })).toBe(1);
  });

  it("raises a collusion alert with its evidence for two bids from one IP", async () => {
    const now = new Date();
    const lot = await insertPublishedLot(db, parties(), { docsTo: new Date(now.getTime() + 5 * 24 * H), deadline: new Date(now.getTime() + 20 * 24 * H) });
    const b1 = await insertBid(lot.id, P.bidderOrg.id, P.bidder.userId!, "203.0.113.7");
    const b2 = await insertBid(lot.id, P.otherBidderOrg.id, P.otherBidder.userId!, "203.0.113.7");
    await evaluateAlertRules(db, now);
    const a = await db.alert.findFirstOrThrow({ where: { lotId: lot.id, kind: "COLLUSION_SAME_IP" } });
    expect(a.severity).toBe("RED");
    expect(a.params).toMatchObject({ ip: "203.0.113.7", bidIds: [b1.id, b2.id].sort().join(","), bidders: 2 });
  });
});

describe("handling alerts", () => {
  async function anAlert() {
    return db.alert.create({
      data: { kind: "OPENING_NOT_STARTED", severity: "RED", messageCode: "supervision:alerts.OPENING_NOT_STARTED", dedupeKey: `t-${randomUUID()}` },
    });
  }

  it("a supervisor acknowledges once; twice or a missing alert is refused; it is audited", async () => {
    const a = await anAlert();
    await acknowledgeAlert(P.supervisor, { alertId: a.id });
    const row = await db.alert.findUniqueOrThrow({ where: { id: a.id } });
    expect(row.acknowledgedById).toBe(P.supervisor.userId);
    await expect(acknowledgeAlert(P.supervisor, { alertId: a.id })).rejects.toMatchObject({ code: "supervision:errors.alertAlreadyAcknowledged", status: 409 });
    await expect(acknowledgeAlert(P.supervisor, { alertId: randomUUID() })).rejects.toMatchObject({ status: 404 });
    await expect(acknowledgeAlert(P.supervisor, { alertId: "nonsense" })).rejects.toMatchObject({ status: 404 });
    expect(await db.auditEntry.count({ where: { action: "alert.acknowledged", entityId: a.id } })).toBe(1);
  });

  it("only supervisors may acknowledge, annotate, escalate", async () => {
    const a = await anAlert();
    for (const actor of [P.author, P.bidder]) {
      await expect(acknowledgeAlert(actor, { alertId: a.id })).rejects.toMatchObject({ status: 403 });
      await expect(annotateAlert(actor, { alertId: a.id, text: "x" })).rejects.toMatchObject({ status: 403 });
    }
    expect((await db.alert.findUniqueOrThrow({ where: { id: a.id } })).acknowledgedAt).toBeNull();
  });

  it("annotates and escalates (audited, listed with the alert); empty notes are refused", async () => {
    const a = await anAlert();
    await annotateAlert(P.supervisor, { alertId: a.id, text: "已电话联系代理机构" });
    await escalateAlert(P.supervisor, { alertId: a.id, text: "请局领导关注" });
    await expect(annotateAlert(P.supervisor, { alertId: a.id, text: "  " })).rejects.toMatchObject({ code: "supervision:errors.noteRequired" });
    const { alerts } = await listAlerts(P.supervisor, { state: "all" });
    const listed = alerts.find((x) => x.id === a.id)!;
    expect(listed.notes.map((n) => n.kind)).toEqual(["NOTE", "ESCALATION"]);
    expect(await db.auditEntry.count({ where: { entityId: a.id, action: { in: ["alert.annotated", "alert.escalated"] } } })).toBe(2);
    expect(await db.notification.count({ where: { entityId: a.id } })).toBeGreaterThan(0);
  });

  it("names the person behind an off-hours operation by display name and organisation", async () => {
    const a = await db.alert.create({
      data: { kind: "OFF_HOURS_OPERATION", severity: "YELLOW", messageCode: "supervision:alerts.OFF_HOURS_OPERATION", params: { auditEntryId: "1", action: "lot.publish", actorId: P.author.userId! }, dedupeKey: `off-hours-test-${randomUUID()}` },
    });
    const { alerts, actors } = await listAlerts(P.supervisor, { state: "all" });
    const actorId = String(alerts.find((x) => x.id === a.id)!.params.actorId);
    const user = await db.user.findUniqueOrThrow({ where: { id: P.author.userId! }, include: { org: true } });
    expect(actors[actorId]).toEqual({ name: user.displayName, org: user.org.name });
  });
});
