import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJob } from "~/jobs/enqueue-job";
import { renderAuditCheckpoint, renderRegistrationCertificate } from "~/domain/documents/jobs";
import { resetEnvCache } from "~/lib/env.server";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { waitFor } from "../support/wait";
import { startWorker, type WorkerHandle } from "../../workers/start-worker";

const { db } = await useTestDb();
useQueuePrefix();
const storageDir = mkdtempSync(path.join(tmpdir(), "ggzy-docs-"));
process.env.STORAGE_DIR = storageDir;
resetEnvCache();

let worker: WorkerHandle;
beforeAll(async () => {
  worker = await startWorker({ sealer: false, schedulers: false });
});
afterAll(async () => {
  await worker?.close();
  rmSync(storageDir, { recursive: true, force: true });
});

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function makeCompany() {
  const n = randomBytes(3).toString("hex");
  const org = await db.organisation.create({
    data: { kind: "BIDDER", name: `厦门鹭江建设工程有限公司${n}`, creditCode: `91350200${n.toUpperCase()}ABCD01`.slice(0, 18), region: "350200", address: "厦门市思明区湖滨南路 1 号" },
  });
  await db.user.create({
    data: { orgId: org.id, username: `lujiang${n}`, displayName: "林海", email: `lujiang${n}@example.com`, role: "BIDDER", passwordHash: "x" },
  });
  return org;
}

describe("worker: documents end to end", () => {
  it("renders the registration certificate of a new company in the sandboxed documents queue", async () => {
    const org = await makeCompany();
    await db.$transaction((tx) => enqueueJob(tx, renderRegistrationCertificate, { orgId: org.id }));

    const doc = await waitFor(() =>
      db.document.findFirst({ where: { kind: "registration-certificate", entityType: "Organisation", entityId: org.id } }),
    );
    expect(doc.number).toMatch(/^ZC-\d{8}-\d{4}$/);
    expect(doc.ownerOrgId).toBe(org.id);
    expect(doc.public).toBe(false);

    const bytes = readFileSync(path.join(storageDir, doc.storageKey));
    expect(bytes.length).toBe(doc.size);
    expect(sha256(bytes)).toBe(doc.sha256);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // Subset font: a one-page certificate with two CJK faces stays far below a full font (19+ MB).
    expect(doc.size).toBeLessThan(200 * 1024);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", path.join(storageDir, doc.storageKey), "-"]).toString("utf8");
    expect(text).toContain(org.name);
    expect(text).toContain(org.creditCode);
    expect(text).toContain("企业注册证明");
    expect(text).toContain(doc.number);

    const audit = await db.auditEntry.findFirst({ where: { action: "document.generated", entityId: doc.id } });
    expect(audit?.actorRole).toBe("SYSTEM");

    // The job is idempotent: running it again (a retry after a lost ack) makes no second document.
    const mod = await renderRegistrationCertificate.handler();
    const again = (await mod.default({ orgId: org.id }, { jobId: "x", attempt: 2, progress: async () => {} })) as {
      created: boolean;
    };
    expect(again.created).toBe(false);
    expect(await db.document.count({ where: { entityId: org.id } })).toBe(1);
  }, 90_000); // waitFor allows 45 s: the first job also starts the sandboxed child

  it("renders the public PDF of an audit checkpoint and attaches it to the checkpoint", async () => {
    const headHash = randomBytes(32).toString("hex");
    const [cp] = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO "AuditCheckpoint" (id, day, "headSeq", "headHash", count)
      VALUES (gen_random_uuid(), '2026-11-22', 4242, ${headHash}, 4242) RETURNING id::text`;
    await db.$transaction((tx) => enqueueJob(tx, renderAuditCheckpoint, { checkpointId: cp!.id }));

    const withDoc = await waitFor(async () => {
      const c = await db.auditCheckpoint.findUniqueOrThrow({ where: { id: cp!.id } });
      return c.documentId ? c : null;
    });
    const doc = await db.document.findUniqueOrThrow({ where: { id: withDoc.documentId! } });
    expect(doc.public).toBe(true);
    expect(doc.kind).toBe("audit-checkpoint");
    expect(doc.number).toMatch(/^JC-\d{8}-\d{4}$/);
    const file = path.join(storageDir, doc.storageKey);
    expect(sha256(readFileSync(file))).toBe(doc.sha256);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"]).toString("utf8");
    expect(text).toContain("审计日志检查点");
    expect(text).toContain(headHash.slice(0, 32));
    expect(text).toContain("2026-11-22");
    // The checkpoint row itself is still immutable apart from that one attachment.
    await expect(db.auditCheckpoint.update({ where: { id: cp!.id }, data: { documentId: null } })).rejects.toThrow();
  });

  it("fails a job with an invalid payload at once, without retries", async () => {
    const job = await worker.queues.queues.documents.add(
      "renderRegistrationCertificate",
      { orgId: "not-a-uuid" },
      { jobId: "bad-payload-1", attempts: 5, backoff: { type: "exponential", delay: 10 } },
    );
    const failed = await waitFor(async () => {
      const j = await worker.queues.queues.documents.getJob(job.id!);
      return (await j?.getState()) === "failed" ? j : null;
    }, 30_000);
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/Invalid payload/);
  });

  it("fails a job for a company that does not exist without retrying (business refusal)", async () => {
    const orgId = "7d8e9f00-1111-4222-8333-444455556666";
    await db.$transaction((tx) => enqueueJob(tx, renderRegistrationCertificate, { orgId }));
    const failed = await waitFor(async () => {
      const j = await worker.queues.queues.documents.getJob(`registration-certificate-${orgId}`);
      return (await j?.getState()) === "failed" ? j : null;
    }, 30_000);
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/organisationNotFound/);
  });

  it("closes gracefully within a few seconds", async () => {
    const t0 = Date.now();
    await worker.close();
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});
