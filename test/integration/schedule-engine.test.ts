import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fireScheduledTransition } from "~/domain/schedule/fire-scheduled-transition";
import { raiseOverdueAlerts } from "~/domain/schedule/raise-overdue-alerts";
import { reconcileSchedule } from "~/domain/schedule/reconcile-schedule";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { startScheduleReconciler } from "~/domain/schedule/start-schedule-reconciler";
import { answerObjection } from "~/domain/tenders/answer-objection";
import { raiseObjection } from "~/domain/tenders/raise-objection";
import { registerForLot } from "~/domain/tenders/register-for-lot";
import { createQueues, type QueuesHandle } from "~/jobs/queues.server";
import { createRedis } from "~/lib/redis.server";
import { useTestDb } from "../support/db";
import { deletePrefixKeys, useQueuePrefix } from "../support/redis";
import { relayOutboxOnce } from "../../workers/outbox-relay";
import { runJob } from "../../workers/run-job";
import { insertPublishedLot, seedParties } from "./tenders-fixtures";

const { db } = await useTestDb();
const prefix = useQueuePrefix();

let P: Awaited<ReturnType<typeof seedParties>>;
let q: QueuesHandle;
let worker: Worker;
const workerConn = createRedis("worker");

beforeAll(async () => {
  P = await seedParties(db);
  q = createQueues();
  // The real job path: definitions → handler → fireScheduledTransition, on this file's own prefix.
  worker = new Worker("schedule", (job) => runJob(job), { connection: workerConn, prefix, concurrency: 5 });
  await worker.waitUntilReady();
});
afterAll(async () => {
  await worker.close();
  await q.close();
  workerConn.disconnect();
});

const parties = () => ({ buyerOrgId: P.buyer.id, authorId: P.author.userId!, reviewerId: P.reviewer.userId! });
const relay = async () => {
  while ((await relayOutboxOnce(db, q.queues)).claimed > 0);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v) || Date.now() > end) return v;
    await sleep(50);
  }
}
const lotStatus = async (id: string) => (await db.lot.findUniqueOrThrow({ where: { id } })).status;
const auditCount = (lotId: string, action: string) => db.auditEntry.count({ where: { entityId: lotId, action } });

/** Deletes this file's BullMQ keys only — never FLUSHALL the shared Redis. */
async function wipePrefix() {
  await deletePrefixKeys(q.connection, prefix);
}

describe("deadline engine", () => {
  it("a transition due in 2 s fires within 1 s of its instant, in order (close, then open)", async () => {
    const now = Date.now();
    const lot = await insertPublishedLot(db, parties(), { docsTo: new Date(now + 1_500), deadline: new Date(now + 2_000) });
    await db.$transaction((tx) => scheduleLotTransitions(tx, lot.id));
    await relay();
    const status = await waitFor(() => lotStatus(lot.id), (s) => s === "OPENING");
    expect(status).toBe("OPENING");
    // OPEN_HALL closes bidding itself when it wins the race; the CLOSE_BIDDING job then finds the work done
    // and is marked DONE a moment later: wait for every row, not only for the lot's status.
    const rows = await waitFor(
      () => db.scheduledTransition.findMany({ where: { lotId: lot.id } }),
      (rs) => rs.every((r) => r.status === "DONE"),
    );
    expect(rows.map((r) => r.status)).toEqual(["DONE", "DONE", "DONE"]);
    for (const r of rows) {
      expect(r.latenessMs!).toBeGreaterThanOrEqual(0);
      expect(r.latenessMs!).toBeLessThan(1_000);
    }
    expect(await auditCount(lot.id, "lot.close_bidding")).toBe(1);
    expect(await auditCount(lot.id, "lot.open_hall")).toBe(1);
    expect(await auditCount(lot.id, "lot.docs_closed")).toBe(1);
  });

  it("after the queue's Redis keys are wiped, reconcileSchedule rebuilds the jobs and each transition happens once", async () => {
    const now = Date.now();
    const lot = await insertPublishedLot(db, parties(), { docsTo: new Date(now + 2_500), deadline: new Date(now + 3_000) });
    await db.$transaction((tx) => scheduleLotTransitions(tx, lot.id));
    await relay();
    const rows = await db.scheduledTransition.findMany({ where: { lotId: lot.id } });
    expect(await q.queues.schedule.getJob(rows[0]!.jobId)).toBeTruthy();

    await wipePrefix();
    expect(await q.queues.schedule.getJob(rows[0]!.jobId)).toBeUndefined();
    const report = await reconcileSchedule(db, q.queues.schedule);
    expect(report.readded).toBeGreaterThanOrEqual(3);
    // A second pass finds every job in place.
    expect((await reconcileSchedule(db, q.queues.schedule)).readded).toBe(0);

    expect(await waitFor(() => lotStatus(lot.id), (s) => s === "OPENING")).toBe("OPENING");
    const done = await waitFor(
      () => db.scheduledTransition.findMany({ where: { lotId: lot.id } }),
      (rs) => rs.every((r) => r.status === "DONE"),
    );
    expect(done.map((r) => r.status)).toEqual(["DONE", "DONE", "DONE"]);
    for (const r of done) expect(r.latenessMs!).toBeLessThan(1_000);

    // The alarms ring again (e.g. Redis restored from an old snapshot): nothing happens twice.
    for (const r of done) {
      const res = await fireScheduledTransition({ transitionId: r.id, dueAtMs: r.dueAt.getTime(), rev: r.rev });
      expect(res.outcome).toBe("STALE");
    }
    expect(await auditCount(lot.id, "lot.close_bidding")).toBe(1);
    expect(await auditCount(lot.id, "lot.open_hall")).toBe(1);
  });

  it("the worker's reconciler notices a Redis wipe by itself and rebuilds the schedule", async () => {
    const rec = startScheduleReconciler({ db, queue: q.queues.schedule, sentinelMs: 100, intervalMs: 60_000 });
    try {
      await rec.run();
      const now = Date.now();
      const lot = await insertPublishedLot(db, parties(), { docsTo: new Date(now + 2_500), deadline: new Date(now + 3_000) });
      await db.$transaction((tx) => scheduleLotTransitions(tx, lot.id));
      await relay();
      await wipePrefix();
      expect(await waitFor(() => lotStatus(lot.id), (s) => s === "OPENING")).toBe("OPENING");
      const rows = await waitFor(
        () => db.scheduledTransition.findMany({ where: { lotId: lot.id } }),
        (rs) => rs.every((r) => r.status === "DONE"),
      );
      for (const r of rows) expect(r.latenessMs!).toBeLessThan(1_000);
      expect(await auditCount(lot.id, "lot.open_hall")).toBe(1);
    } finally {
      await rec.stop();
    }
  });

  it("a job that failed for good while its row is pending is replaced by reconcile", async () => {
    const now = Date.now();
    const lot = await insertPublishedLot(db, parties(), { docsTo: new Date(now - 20_000), deadline: new Date(now - 10_000) });
    await db.$transaction((tx) => scheduleLotTransitions(tx, lot.id));
    const row = await db.scheduledTransition.findFirstOrThrow({ where: { lotId: lot.id, kind: "CLOSE_BIDDING" } });
    // A broken job under the row's id (what a wipe during processing leaves behind), already failed.
    await q.queues.schedule.add("noSuchJob", {}, { jobId: row.jobId, attempts: 1 });
    await waitFor(async () => (await q.queues.schedule.getJob(row.jobId))?.failedReason, (r) => !!r);
    const report = await reconcileSchedule(db, q.queues.schedule);
    expect(report.retried + report.readded).toBeGreaterThanOrEqual(1);
    expect(await waitFor(() => lotStatus(lot.id), (s) => s === "OPENING")).toBe("OPENING");
  });

  it("concurrent firings of one transition apply it exactly once", async () => {
    const now = Date.now();
    const lot = await insertPublishedLot(db, parties(), { docsTo: new Date(now + 200), deadline: new Date(now + 300) });
    await db.$transaction((tx) => scheduleLotTransitions(tx, lot.id));
    const row = await db.scheduledTransition.findFirstOrThrow({ where: { lotId: lot.id, kind: "CLOSE_BIDDING" } });
    const payload = { transitionId: row.id, dueAtMs: row.dueAt.getTime(), rev: row.rev };
    const results = await Promise.all(Array.from({ length: 6 }, () => fireScheduledTransition(payload)));
    expect(results.filter((r) => r.outcome === "APPLIED")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "STALE")).toHaveLength(5);
    expect(await auditCount(lot.id, "lot.close_bidding")).toBe(1);
  });

  it("a deadline falling during a suspension is held, and fires when the lot resumes", async () => {
    const now = Date.now();
    const lot = await insertPublishedLot(db, parties(), {
      docsTo: new Date(now + 1_800),
      deadline: new Date(now + 2_000),
      objection: new Date(now + 2_000),
      clarification: new Date(now + 2_000),
    });
    await db.$transaction((tx) => scheduleLotTransitions(tx, lot.id));
    await registerForLot(P.bidder, { lotId: lot.id });
    const o = await raiseObjection(P.bidder, { lotId: lot.id, text: "异议" });
    await relay();
    expect(await lotStatus(lot.id)).toBe("SUSPENDED");
    const held = await waitFor(
      () => db.scheduledTransition.findFirstOrThrow({ where: { lotId: lot.id, kind: "CLOSE_BIDDING" } }),
      (r) => r.status === "HELD",
    );
    expect(held.status).toBe("HELD");
    expect(await lotStatus(lot.id)).toBe("SUSPENDED");

    await answerObjection(P.author, { objectionId: o.id, answer: "答复" });
    await relay();
    expect(await waitFor(() => lotStatus(lot.id), (s) => s === "OPENING")).toBe("OPENING");
    expect(await auditCount(lot.id, "lot.close_bidding")).toBe(1);
  });

  it("overdue steps raise alerts for supervisors, once each", async () => {
    const now = Date.now();
    const lot = await insertPublishedLot(db, parties(), { docsTo: new Date(now + 60_000), deadline: new Date(now + 120_000) });
    await db.$transaction((tx) => scheduleLotTransitions(tx, lot.id));
    const row = await db.scheduledTransition.findFirstOrThrow({ where: { lotId: lot.id, kind: "CLOSE_BIDDING" } });
    // Seen from a clock 10 minutes past the deadline with the row still pending: red.
    const later = new Date(row.dueAt.getTime() + 10 * 60_000);
    expect(await raiseOverdueAlerts(db, later)).toBeGreaterThanOrEqual(1);
    const alerts = await db.alert.findMany({ where: { lotId: lot.id, kind: "TRANSITION_OVERDUE" } });
    expect(alerts.some((a) => a.severity === "RED")).toBe(true);
    const n = await db.alert.count();
    await raiseOverdueAlerts(db, later);
    expect(await db.alert.count()).toBe(n);
  });

  it("an overdue step seen yellow then red has one alert, upgraded in place", async () => {
    const now = Date.now();
    const lot = await insertPublishedLot(db, parties(), { docsTo: new Date(now + 60_000), deadline: new Date(now + 120_000) });
    await db.$transaction((tx) => scheduleLotTransitions(tx, lot.id));
    const row = await db.scheduledTransition.findFirstOrThrow({ where: { lotId: lot.id, kind: "CLOSE_BIDDING" } });
    // Every alert about this step (whatever key a severity might have added to it).
    const forStep = { lotId: lot.id, kind: "TRANSITION_OVERDUE" as const, dedupeKey: { startsWith: `transition-overdue-${row.id}` } };
    // 1 minute late: yellow.
    await raiseOverdueAlerts(db, new Date(row.dueAt.getTime() + 60_000));
    const yellow = await db.alert.findMany({ where: forStep });
    expect(yellow.map((a) => [a.severity, a.dedupeKey])).toEqual([["YELLOW", `transition-overdue-${row.id}`]]);
    // 10 minutes late: the same row turns red; seen again, nothing changes.
    await raiseOverdueAlerts(db, new Date(row.dueAt.getTime() + 10 * 60_000));
    await raiseOverdueAlerts(db, new Date(row.dueAt.getTime() + 11 * 60_000));
    const after = await db.alert.findMany({ where: forStep });
    expect(after.map((a) => [a.id, a.severity])).toEqual([[yellow[0]!.id, "RED"]]);
    expect(await db.auditEntry.count({ where: { action: "alert.severity_raised", entityId: yellow[0]!.id } })).toBe(1);
  });
});
