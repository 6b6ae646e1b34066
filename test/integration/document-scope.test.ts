import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { findReadableDocument } from "~/domain/documents/find-readable-document";
import { useTestDb } from "../support/db";
import { newKey } from "./bids-fixtures";
import { insertPublishedLot, makeOrg, makeUser, seedParties } from "./tenders-fixtures";

/**
 * Issue 13 point 4: /documents/:id is scoped to the project, the document's kind and the roles that may
 * read it — not to "staff or supervisor". agent1 (no role in the project) must not download another
 * project's bid receipt (it names the bidder before the opening) nor a supervisor's audit export.
 */
const { db } = await useTestDb();

type P = Awaited<ReturnType<typeof seedParties>>;
let p: P;
let lotId = "";
let otherAgentStaff: Actor;
let centreStaff: Actor;
let secondSupervisor: Actor;
const doc: Record<string, string> = {};

const viewer = (a: Actor) => ({ id: a.userId!, role: a.role as never, orgId: a.orgId! });
const can = async (a: Actor, key: string) => (await findReadableDocument(viewer(a), doc[key]!)) !== null;

async function makeDoc(key: string, kind: string, entityType: string, entityId: string, ownerOrgId: string | null) {
  const id = randomUUID();
  await db.document.create({
    data: { id, kind, number: `T-${randomBytes(4).toString("hex")}`, title: key, storageKey: `t/${id}`, sha256: "0".repeat(64), size: 1, entityType, entityId, ownerOrgId, public: false },
  });
  doc[key] = id;
}

beforeAll(async () => {
  p = await seedParties(db);
  const lot = await insertPublishedLot(
    db,
    { buyerOrgId: p.buyer.id, authorId: p.author.userId!, reviewerId: p.reviewer.userId! },
    { docsTo: new Date(Date.now() + 3_600_000), deadline: new Date(Date.now() + 7_200_000) },
  );
  lotId = lot.id;
  otherAgentStaff = await makeUser(db, (await makeOrg(db, "AGENT", "别家代理")).id, "STAFF", "别家代理员");
  centreStaff = await makeUser(db, (await makeOrg(db, "CENTRE", "交易中心")).id, "STAFF", "中心经办");
  secondSupervisor = await makeUser(db, p.supervisor.orgId!, "SUPERVISOR", "另一监督员");

  const key = await newKey(p.bidder);
  const bid = await db.bid.create({
    data: {
      lotId, bidderOrgId: p.bidder.orgId!, submittedById: p.bidder.userId!, uploadId: randomUUID(), storageKey: `b/${randomUUID()}`, size: 1n,
      ciphertextSha256: "1".repeat(64), plaintextSha256: "2".repeat(64), keyFingerprint: key.fingerprint, submittedAt: new Date(),
    },
  });
  const receipt = await db.bidReceipt.create({
    data: {
      number: `HZ-${randomBytes(4).toString("hex")}`, kind: "SUBMITTED", bidId: bid.id, lotId, bidderOrgId: p.bidder.orgId!, issuedAt: new Date(),
      ciphertextSha256: "1".repeat(64), plaintextSha256: "2".repeat(64), size: 1n, keyFingerprint: key.fingerprint,
    },
  });
  await makeDoc("receipt", "bid-receipt", "BidReceipt", receipt.id, p.bidder.orgId!);
  const exp = await db.auditExport.create({ data: { requestedById: p.supervisor.userId!, filter: "", upToSeq: 0n } });
  await makeDoc("export", "audit-export", "AuditExport", exp.id, null);
  await makeDoc("tenderDoc", "tender-document", "Lot", lotId, null);
  await makeDoc("unknown", "something-new", "Thing", "x", null);
});

describe("/documents/:id by project, kind and role", () => {
  it("a bid receipt: the bidder's own organisation and the supervisors; before the opening no staff at all, another bidder never", async () => {
    expect(await can(p.bidder, "receipt")).toBe(true);
    expect(await can(p.supervisor, "receipt")).toBe(true);
    for (const a of [otherAgentStaff, p.author, centreStaff, p.otherBidder]) expect(await can(a, "receipt")).toBe(false);
  });

  it("after the opening the project's staff may read it; staff of another project still not", async () => {
    await db.lot.update({ where: { id: lotId }, data: { status: "OPENING" } });
    expect(await can(p.author, "receipt")).toBe(true);
    expect(await can(centreStaff, "receipt")).toBe(true);
    expect(await can(otherAgentStaff, "receipt")).toBe(false);
    expect(await can(p.otherBidder, "receipt")).toBe(false);
  });

  it("an audit export: only the supervisor who asked for it", async () => {
    expect(await can(p.supervisor, "export")).toBe(true);
    for (const a of [secondSupervisor, otherAgentStaff, centreStaff, p.author, p.bidder]) expect(await can(a, "export")).toBe(false);
  });

  it("a tender document: the project's staff and the supervisors, not another agency's staff", async () => {
    expect(await can(p.author, "tenderDoc")).toBe(true);
    expect(await can(centreStaff, "tenderDoc")).toBe(true);
    expect(await can(p.supervisor, "tenderDoc")).toBe(true);
    expect(await can(otherAgentStaff, "tenderDoc")).toBe(false);
  });

  it("a kind without a rule is closed to staff (supervisors only)", async () => {
    expect(await can(p.supervisor, "unknown")).toBe(true);
    expect(await can(centreStaff, "unknown")).toBe(false);
  });
});
