import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob } from "~/jobs/define-job";
import { enqueueJob } from "~/jobs/enqueue-job";
import { renderRegistrationCertificate } from "~/domain/documents/jobs";
import { createQueues, type QueuesHandle } from "~/jobs/queues.server";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { relayOutboxOnce, startOutboxRelay } from "../../workers/outbox-relay";

const { db } = await useTestDb();
useQueuePrefix();

// A job of our own for the relay tests: the relay moves rows, it does not care what they do.
const ping = defineJob({
  queue: "notify",
  name: "testPing",
  payload: z.object({ n: z.number().int() }),
  jobId: (p) => `test-ping-${p.n}`,
  handler: async () => ({ default: async () => null }),
});

let q: QueuesHandle;
beforeAll(() => {
  q = createQueues();
});
afterAll(async () => {
  await q.close();
});

const undispatched = () => db.outboxJob.findMany({ where: { dispatchedAt: null }, orderBy: { id: "asc" } });
async function drain() {
  while ((await relayOutboxOnce(db, q.queues)).claimed > 0);
}

describe("outbox relay", () => {
  it("relays a committed job to BullMQ under its deterministic id and marks the row", async () => {
    const orgId = "0b6f3c1e-2a4d-4e21-8b6f-0c5d2e7a9b10";
    const jobId = await db.$transaction((tx) => enqueueJob(tx, renderRegistrationCertificate, { orgId }));
    expect(jobId).toBe(`registration-certificate-${orgId}`);
    const r = await relayOutboxOnce(db, q.queues);
    expect(r).toMatchObject({ claimed: 1, dispatched: 1, failed: 0 });
    const job = await q.queues.documents.getJob(jobId);
    expect(job?.name).toBe("renderRegistrationCertificate");
    expect(job?.data).toEqual({ orgId });
    expect(job?.opts.attempts).toBe(5);
    expect(job?.opts.backoff).toMatchObject({ type: "exponential" });
    const row = await db.outboxJob.findFirstOrThrow({ where: { jobId } });
    expect(row.dispatchedAt).toBeInstanceOf(Date);
    expect(await undispatched()).toHaveLength(0);
  });

  it("enqueues nothing for a rolled-back transaction", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await enqueueJob(tx, ping, { n: 1 });
        throw new Error("business rule refused");
      }),
    ).rejects.toThrow("business rule refused");
    expect(await db.outboxJob.count({ where: { jobId: "test-ping-1" } })).toBe(0);
    await drain();
    expect(await q.queues.notify.getJob("test-ping-1")).toBeUndefined();
  });

  it("refuses an invalid payload inside the transaction", async () => {
    await expect(db.$transaction((tx) => enqueueJob(tx, renderRegistrationCertificate, { orgId: "nope" }))).rejects.toThrow();
    expect(await undispatched()).toHaveLength(0);
  });

  it("relaying twice, or the same job enqueued twice, gives one BullMQ job", async () => {
    await db.$transaction((tx) => enqueueJob(tx, ping, { n: 2 }));
    await db.$transaction((tx) => enqueueJob(tx, ping, { n: 2 }));
    await drain();
    // Simulate a crash after BullMQ accepted the job but before the row was marked.
    await db.outboxJob.updateMany({ where: { jobId: "test-ping-2" }, data: { dispatchedAt: null } });
    await drain();
    await drain();
    const counts = await q.queues.notify.getJobCounts("waiting", "delayed", "active", "completed", "failed");
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
    expect(await q.queues.notify.getJob("test-ping-2")).toBeDefined();
  });

  it("adds a job with runAt in the future as delayed", async () => {
    const runAt = new Date(Date.now() + 60_000);
    await db.$transaction((tx) => enqueueJob(tx, ping, { n: 3 }, { runAt }));
    await drain();
    const job = await q.queues.notify.getJob("test-ping-3");
    expect(await job!.getState()).toBe("delayed");
    expect(job!.opts.delay).toBeGreaterThan(55_000);
    expect(job!.opts.delay).toBeLessThanOrEqual(60_000);
  });

  it("keeps rows while Redis is unreachable, then dispatches them when it is back", async () => {
    const down = createQueues({ url: "redis://127.0.0.1:6399" });
    down.connection.on("error", () => {});
    try {
      for (const n of [10, 11, 12]) await db.$transaction((tx) => enqueueJob(tx, ping, { n }));
      const r1 = await relayOutboxOnce(db, down.queues);
      expect(r1).toMatchObject({ claimed: 3, dispatched: 0, failed: 3 });
      const r2 = await relayOutboxOnce(db, down.queues);
      expect(r2.failed).toBe(3);
      const rows = await undispatched();
      expect(rows.map((x) => x.jobId)).toEqual(["test-ping-10", "test-ping-11", "test-ping-12"]);
      for (const row of rows) {
        expect(row.attempts).toBe(2);
        expect(row.lastError).toMatch(/Redis|ECONNREFUSED|connect/i);
      }
    } finally {
      await down.close();
    }
    const r3 = await relayOutboxOnce(db, q.queues);
    expect(r3).toMatchObject({ claimed: 3, dispatched: 3, failed: 0 });
    expect(await undispatched()).toHaveLength(0);
    for (const n of [10, 11, 12]) expect(await q.queues.notify.getJob(`test-ping-${n}`)).toBeDefined();
  });

  it("concurrent relays (SKIP LOCKED) never add the same row twice and lose none", async () => {
    await db.$transaction(async (tx) => {
      for (let n = 100; n < 160; n++) await enqueueJob(tx, ping, { n });
    });
    const results = await Promise.all([0, 1, 2].map(() => relayOutboxOnce(db, q.queues, { batchSize: 25 })));
    const claimed = results.reduce((a, r) => a + r.claimed, 0);
    expect(claimed).toBeLessThanOrEqual(60);
    await drain();
    expect(await undispatched()).toHaveLength(0);
    for (let n = 100; n < 160; n++) expect(await q.queues.notify.getJob(`test-ping-${n}`)).toBeDefined();
  });

  it("the running relay is woken by NOTIFY on commit, without waiting for its poll", async () => {
    const relay = startOutboxRelay({ db, queues: q.queues, pollMs: 60_000 });
    try {
      await new Promise((r) => setTimeout(r, 500)); // LISTEN established
      const t0 = Date.now();
      await db.$transaction((tx) => enqueueJob(tx, ping, { n: 500 }));
      let job = await q.queues.notify.getJob("test-ping-500");
      while (!job && Date.now() - t0 < 5_000) {
        await new Promise((r) => setTimeout(r, 20));
        job = await q.queues.notify.getJob("test-ping-500");
      }
      expect(job).toBeDefined();
      expect(Date.now() - t0).toBeLessThan(2_000);
    } finally {
      await relay.stop();
    }
  });
});
