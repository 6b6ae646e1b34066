import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "~/domain/accounts/sessions";
import { storeDocument } from "~/domain/documents/store-document";
import type { Document } from "~/generated/prisma/client";
import type { OrgKind, Role } from "~/generated/prisma/enums";
import { resetEnvCache } from "~/lib/env.server";
import { getStorage } from "~/lib/storage.server";
import { loader } from "~/routes/documents.$id";
import { useTestDb } from "../support/db";

const { db } = await useTestDb();
const testContext = { cspNonce: "", clientIp: "127.0.0.1", requestId: "test" };
const storageDir = mkdtempSync(path.join(tmpdir(), "ggzy-dl-"));
process.env.STORAGE_DIR = storageDir;
resetEnvCache();
afterAll(() => rmSync(storageDir, { recursive: true, force: true }));

async function makeUser(role: Role, kind: OrgKind) {
  const n = randomBytes(4).toString("hex");
  const org = await db.organisation.create({ data: { kind, name: `单位${n}`, creditCode: `91${n}`.padEnd(18, "0").slice(0, 18) } });
  const user = await db.user.create({
    data: { orgId: org.id, username: `u${n}`, displayName: "用户", email: `u${n}@example.com`, role, passwordHash: "x" },
  });
  const token = await db.$transaction((tx) => createSession(tx, { userId: user.id, mfaPassed: true, ip: "", userAgent: "test" }));
  return { org, user, cookie: `__session=${token}` };
}

const bytes = Buffer.from("%PDF-1.7\n" + "测试文件内容 ".repeat(2000), "utf8");
let owner: Awaited<ReturnType<typeof makeUser>>;
let other: Awaited<ReturnType<typeof makeUser>>;
let staff: Awaited<ReturnType<typeof makeUser>>;
let privateDoc: Document;
let publicDoc: Document;

beforeAll(async () => {
  owner = await makeUser("BIDDER", "BIDDER");
  other = await makeUser("BIDDER", "BIDDER");
  staff = await makeUser("STAFF", "CENTRE");
  privateDoc = await db.$transaction((tx) =>
    storeDocument(tx, {
      kind: "registration-certificate",
      number: "ZC-20261123-0001",
      title: "企业注册证明 — 测试公司",
      entityType: "Organisation",
      entityId: owner.org.id,
      ownerOrgId: owner.org.id,
      public: false,
      bytes,
    }),
  );
  publicDoc = await db.$transaction((tx) =>
    storeDocument(tx, {
      kind: "audit-checkpoint",
      number: "JC-20261123-0001",
      title: "审计日志检查点 2026-11-22",
      entityType: "AuditCheckpoint",
      entityId: "x",
      ownerOrgId: null,
      public: true,
      bytes,
    }),
  );
});

async function get(id: string, cookie?: string, query = ""): Promise<Response> {
  const request = new Request(`http://localhost/documents/${id}${query}`, { headers: cookie ? { cookie } : {} });
  try {
    return (await loader({ request, params: { id }, context: testContext })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("storeDocument", () => {
  it("writes the bytes, records size and SHA-256, and audits as SYSTEM", async () => {
    expect(privateDoc.size).toBe(bytes.length);
    expect(await getStorage().exists(privateDoc.storageKey)).toBe(true);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "document.generated", entityId: privateDoc.id } });
    expect(audit.actorRole).toBe("SYSTEM");
  });
});

describe("GET /documents/:id", () => {
  it("serves a public document to anyone, with length, type, hash and a UTF-8 file name", async () => {
    const res = await get(publicDoc.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-length")).toBe(String(bytes.length));
    expect(res.headers.get("x-content-sha256")).toBe(publicDoc.sha256);
    const cd = res.headers.get("content-disposition")!;
    expect(cd).toMatch(/^inline; filename="JC-20261123-0001\.pdf"; filename\*=UTF-8''/);
    expect(decodeURIComponent(cd.split("UTF-8''")[1]!)).toBe("审计日志检查点 2026-11-22.pdf");
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await get(publicDoc.id, undefined, "?download=1")).headers.get("content-disposition")).toMatch(/^attachment;/);
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const request = new Request(`http://localhost/documents/${publicDoc.id}`, { headers: { "if-none-match": `"${publicDoc.sha256}"` } });
    const res = (await loader({ request, params: { id: publicDoc.id }, context: testContext })) as Response;
    expect(res.status).toBe(304);
  });

  it("serves a private document to its owner organisation and to staff", async () => {
    const a = await get(privateDoc.id, owner.cookie);
    expect(a.status).toBe(200);
    expect(a.headers.get("cache-control")).toContain("no-store");
    expect(Buffer.from(await a.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await get(privateDoc.id, staff.cookie)).status).toBe(200);
  });

  it("gives another company the same 404 as a missing document", async () => {
    const denied = await get(privateDoc.id, other.cookie);
    const missing = await get("6a1b2c3d-0000-4000-8000-000000000000", other.cookie);
    expect(denied.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(await denied.text()).toBe(await missing.text());
    expect((await get("../../etc/passwd", other.cookie)).status).toBe(404);
  });

  it("sends anonymous visitors to log in, whether the private document exists or not", async () => {
    const a = await get(privateDoc.id);
    const b = await get("6a1b2c3d-0000-4000-8000-000000000000");
    expect(a.status).toBe(302);
    expect(b.status).toBe(302);
    expect(a.headers.get("location")).toMatch(/^\/login/);
  });
});
