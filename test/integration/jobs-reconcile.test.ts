import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { enqueueJob } from "~/jobs/enqueue-job";
import { renderRegistrationCertificate } from "~/domain/documents/jobs";
import { createQueues } from "~/jobs/queues.server";
import { resetEnvCache } from "~/lib/env.server";
import { useTestDb } from "../support/db";
import { deletePrefixKeys, useQueuePrefix } from "../support/redis";
import { waitFor } from "../support/wait";
import { relayOutboxOnce } from "../../workers/outbox-relay";
import { reconcileOutbox } from "../../workers/reconcile-outbox";
import { startWorker, type WorkerHandle } from "../../workers/start-worker";

// Issue 14: a job already relayed from the outbox is gone when Redis loses its keys. The outbox row is the
// truth; the reconciler relays it again and the work gets done exactly once.

const { db } = await useTestDb();
const prefix = useQueuePrefix();
const storageDir = mkdtempSync(path.join(tmpdir(), "ggzy-rec-"));
process.env.STORAGE_DIR = storageDir;
resetEnvCache();
const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");

let worker: WorkerHandle | undefined;
afterAll(async () => {
  await worker?.close();
  await redis.quit();
  rmSync(storageDir, { recursive: true, force: true });
});

/** What an operator saw: the queue's keys deleted (a restart without persistence looks the same). */
const deleteQueueKeys = () => deletePrefixKeys(redis, prefix);

async function makeCompanies(n: number) {
  const orgs = [];
  for (let i = 0; i < n; i++) {
    const tag = randomBytes(3).toString("hex").toUpperCase();
    orgs.push(
      await db.organisation.create({
        data: { kind: "BIDDER", name: `漳州九龙江建设有限公司${tag}`, creditCode: `91350600${tag}ABCD`.slice(0, 18), region: "350600" },
      }),
    );
  }
  return orgs;
}

const certificates = (orgIds: string[]) =>
  db.document.groupBy({ by: ["entityId"], where: { kind: "registration-certificate", entityId: { in: orgIds } }, _count: true });

describe("reconciler: jobs lost by Redis", () => {
  it("finds relayed jobs whose keys vanished, relays them again, and each certificate is rendered once", async () => {
    const orgs = await makeCompanies(4);
    const ids = orgs.map((o) => o.id);
    await db.$transaction(async (tx) => {
      for (const id of ids) await enqueueJob(tx, renderRegistrationCertificate, { orgId: id });
    });
    // Relayed into Redis (rows marked dispatched) while no worker runs …
    const q = createQueues();
    // The relay fails fast on a connection that is not ready yet (by design: it retries every second).
    await q.queues.documents.waitUntilReady();
    expect(await relayOutboxOnce(db, q.queues)).toMatchObject({ dispatched: 4, failed: 0 });
    expect(await q.queues.documents.getJobCounts("waiting")).toMatchObject({ waiting: 4 });
    // … then Redis loses them.
    expect(await deleteQueueKeys()).toBeGreaterThan(0);
    expect(await q.queues.documents.getJob(`registration-certificate-${ids[0]}`)).toBeUndefined();

    // One reconcile pass by itself: the four rows go back to the relay; run twice, it changes nothing more.
    const first = await reconcileOutbox(db, q.queues);
    expect(first).toMatchObject({ open: 4, redispatched: 4 });
    expect(await db.outboxJob.count({ where: { jobId: { in: ids.map((id) => `registration-certificate-${id}`) }, dispatchedAt: null } })).toBe(4);
    expect(await reconcileOutbox(db, q.queues)).toMatchObject({ open: 0, redispatched: 0 });
    await q.close();

    // The worker relays them again and renders each once; its "completed" events mark the rows done.
    worker = await startWorker({ sealer: false, sentinelMs: 100 });
    await waitFor(async () => (await certificates(ids)).length === 4);
    await waitFor(async () => (await db.outboxJob.count({ where: { doneAt: null, jobId: { startsWith: "registration-certificate-" } } })) === 0);
    expect((await certificates(ids)).map((c) => c._count)).toEqual([1, 1, 1, 1]);
  }, 120_000);

  it("a wipe while the worker runs: unfinished jobs come back within seconds, finished ones are not run again, schedulers return", async () => {
    expect(worker).toBeDefined();
    const w = worker!;
    const done = (await db.document.findMany({ where: { kind: "registration-certificate" }, select: { entityId: true } })).map((d) => d.entityId);
    const orgs = await makeCompanies(3);
    const ids = orgs.map((o) => o.id);
    // Stop the documents worker from taking new jobs, so the new jobs sit in Redis when it is wiped.
    const docs = w.workers.find((x) => x.name === "documents")!;
    await docs.pause();
    await db.$transaction(async (tx) => {
      for (const id of ids) await enqueueJob(tx, renderRegistrationCertificate, { orgId: id });
    });
    await waitFor(async () => (await db.outboxJob.count({ where: { jobId: { in: ids.map((id) => `registration-certificate-${id}`) }, dispatchedAt: null } })) === 0);
    await waitFor(async () => (await w.queues.queues.documents.getJobCounts("waiting")).waiting === 3);
    expect(await w.queues.queues.maintenance.getJobScheduler("pruneOutbox-schedule")).toBeTruthy();

    const wipesBefore = w.reconciler!.wipes;
    const t0 = Date.now();
    await deleteQueueKeys();
    docs.resume();
    // The sentinel notices at once: the three jobs are relayed again and rendered; the schedulers come back.
    await waitFor(async () => (await certificates(ids)).length === 3, 60_000);
    const recoveredMs = Date.now() - t0;
    expect(w.reconciler!.wipes).toBeGreaterThan(wipesBefore);
    await waitFor(async () => !!(await w.queues.queues.maintenance.getJobScheduler("pruneOutbox-schedule")), 10_000);
    expect(recoveredMs).toBeLessThan(30_000);

    // Exactly once: every company (before and after the wipe) has one certificate; nothing left open.
    const all = await certificates([...done, ...ids]);
    expect(all).toHaveLength(done.length + 3);
    expect(all.every((c) => c._count === 1)).toBe(true);
    await waitFor(async () => (await db.outboxJob.count({ where: { doneAt: null, dispatchedAt: { not: null } } })) === 0, 20_000);
  }, 120_000);
});
