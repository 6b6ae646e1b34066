import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "~/domain/actor";
import { createSession } from "~/domain/accounts/sessions";
import { writeAuditCheckpoint } from "~/domain/audit/write-audit-checkpoint";
import { generateAuditCheckpointDocument } from "~/domain/documents/generate-audit-checkpoint-document";
import { generateRegistrationCertificate } from "~/domain/documents/generate-registration-certificate";
import { storeDocument } from "~/domain/documents/store-document";
import { resetEnvCache } from "~/lib/env.server";
import { storageIntegrity } from "~/lib/storage-integrity.server";
import { loader } from "~/routes/documents.$id";
import { loader as unavailableLoader } from "~/routes/documents.$id_.unavailable";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";

// Issue 16 item 8: a document whose file is lost or damaged is rendered again from the database where it
// is derived data, and an upload that cannot be is a 410 page with words, audited and alerted.
const { db } = await useTestDb();
useQueuePrefix();
const testContext = { cspNonce: "", clientIp: "127.0.0.1", requestId: "test" };
const storageDir = mkdtempSync(path.join(tmpdir(), "ggzy-restore-"));
process.env.STORAGE_DIR = storageDir;
resetEnvCache();
afterAll(() => rmSync(storageDir, { recursive: true, force: true }));

const fileOf = async (id: string) => path.join(storageDir, (await db.document.findUniqueOrThrow({ where: { id } })).storageKey);

async function get(route: typeof loader, url: string, id: string, cookie?: string): Promise<Response> {
  const request = new Request(`http://localhost${url}`, { headers: cookie ? { cookie } : {} });
  try {
    const r = await route({ request, params: { id }, context: testContext });
    return r instanceof Response ? r : new Response(JSON.stringify(r));
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

let owner: { orgId: string; cookie: string };
beforeAll(async () => {
  const n = randomBytes(4).toString("hex");
  const org = await db.organisation.create({ data: { kind: "BIDDER", name: `恢复测试公司${n}`, creditCode: `91${n}`.padEnd(18, "0").slice(0, 18) } });
  const user = await db.user.create({
    data: { orgId: org.id, username: `r${n}`, displayName: "经办人", email: `r${n}@example.com`, role: "BIDDER", passwordHash: "x" },
  });
  const token = await db.$transaction((tx) => createSession(tx, { userId: user.id, mfaPassed: true, ip: "", userAgent: "test" }));
  owner = { orgId: org.id, cookie: `__session=${token}` };
});

describe("a derived document whose file is lost", () => {
  it("is rendered again from the database, byte for byte the original, served with a notice, audited and alerted", async () => {
    const cp = await writeAuditCheckpoint(systemActor(), { day: "2026-01-01" });
    const { documentId } = await generateAuditCheckpointDocument(systemActor(), { checkpointId: cp.id });
    const original = await db.document.findUniqueOrThrow({ where: { id: documentId } });
    const file = await fileOf(documentId);
    const originalBytes = readFileSync(file);
    unlinkSync(file);

    const res = await get(loader, `/documents/${documentId}`, documentId);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-document-restored")).toBeTruthy();
    const bytes = Buffer.from(await res.arrayBuffer());
    // The generator is deterministic once it is given the row's id, number and generation time.
    expect(res.headers.get("x-content-sha256")).toBe(original.sha256);
    expect(bytes.equals(originalBytes)).toBe(true);
    expect(existsSync(file)).toBe(true);

    const row = await db.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(row.restoredAt).not.toBeNull();
    expect(row.sha256).toBe(original.sha256);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "document.restored", entityId: documentId } });
    expect(audit.detail).toMatchObject({ problem: "missing", identical: true, originalSha256: original.sha256 });
    expect(await db.alert.count({ where: { kind: "DOCUMENT_FILE_RESTORED" } })).toBe(1);

    // Served normally from now on (still flagged as re-generated), and restored once only.
    const again = await get(loader, `/documents/${documentId}`, documentId);
    expect(again.status).toBe(200);
    expect(again.headers.get("x-document-restored")).toBe(row.restoredAt!.toISOString());
    expect(await db.auditEntry.count({ where: { action: "document.restored", entityId: documentId } })).toBe(1);
  });

  it("is rendered again when its bytes no longer match the row, the damaged file kept aside as evidence", async () => {
    const { documentId } = await generateRegistrationCertificate(systemActor(), { orgId: owner.orgId });
    const original = await db.document.findUniqueOrThrow({ where: { id: documentId } });
    const file = await fileOf(documentId);
    const originalBytes = readFileSync(file);
    writeFileSync(file, Buffer.concat([originalBytes.subarray(0, 100), Buffer.from("篡改"), originalBytes.subarray(106)]));

    const res = await get(loader, `/documents/${documentId}`, documentId, owner.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-document-restored")).toBeTruthy();
    expect(Buffer.from(await res.arrayBuffer()).equals(originalBytes)).toBe(true);
    const row = await db.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(row.storageKey).not.toBe(original.storageKey);
    expect(row.sha256).toBe(original.sha256);
    expect(readFileSync(file).equals(originalBytes)).toBe(false); // the damaged file is still there
    expect(storageIntegrity()).toMatchObject({ missing: 1, damaged: 1, restored: 2 });
  });
});

describe("an uploaded document whose file is damaged", () => {
  it("cannot be rendered again: the reader gets a 410 page with words, once audited and alerted", async () => {
    const doc = await db.$transaction((tx) =>
      storeDocument(tx, {
        kind: "contract",
        number: "HT-20261207-0001",
        title: "合同 测试",
        entityType: "Award",
        entityId: "x",
        ownerOrgId: owner.orgId,
        public: false,
        bytes: Buffer.from("%PDF-1.7\n已签署的合同原件"),
      }),
    );
    writeFileSync(await fileOf(doc.id), "not the contract");

    const res = await get(loader, `/documents/${doc.id}`, doc.id, owner.cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/documents/${doc.id}/unavailable`);

    const page = await get(unavailableLoader, `/documents/${doc.id}/unavailable`, doc.id, owner.cookie);
    expect(page.status).toBe(410);
    expect(await page.json()).toMatchObject({ number: "HT-20261207-0001", problem: "damaged" });
    // Another company learns nothing: the same 404 as for any unknown id.
    const stranger = await db.organisation.create({ data: { kind: "BIDDER", name: "无关公司", creditCode: "91330000000000999X" } });
    const su = await db.user.create({ data: { orgId: stranger.id, username: "stranger-r", displayName: "x", email: "s-r@example.com", role: "BIDDER", passwordHash: "x" } });
    const st = await db.$transaction((tx) => createSession(tx, { userId: su.id, mfaPassed: true, ip: "", userAgent: "test" }));
    expect((await get(unavailableLoader, `/documents/${doc.id}/unavailable`, doc.id, `__session=${st}`)).status).toBe(404);

    expect(await db.auditEntry.count({ where: { action: "document.file_lost", entityId: doc.id } })).toBe(1);
    const alert = await db.alert.findFirstOrThrow({ where: { kind: "DOCUMENT_FILE_LOST" } });
    expect(alert).toMatchObject({ severity: "RED", messageCode: "documents:alerts.lost.damaged" });
    expect(storageIntegrity().lost).toBeGreaterThanOrEqual(2);
  });
});
