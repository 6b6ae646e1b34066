import { randomBytes, randomUUID } from "node:crypto";
import { PDFDocument, PDFHexString } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAuditPools, getAuditPool } from "~/domain/audit/audit-pool";
import { sealAuditLog } from "~/domain/audit/seal-audit-log";
import { verifyAuditChain } from "~/domain/audit/verify-audit-chain";
import { acknowledgeAlert } from "~/domain/supervision/acknowledge-alert";
import { bidStorageKey } from "~/domain/bids/finalise-bid";
import { exportSpki, generateBidderKeyPair, publicKeyFingerprint, readAllBytes, readEnvelopeHeader, sealBid, toBase64, unwrapContentKey } from "~/domain/crypto";
import { closeDecryption } from "~/domain/opening/close-decryption";
import { releaseContentKey } from "~/domain/opening/release-content-key";
import { startOpening } from "~/domain/opening/start-opening";
import { evaluateAlertRules } from "~/domain/supervision/evaluate-alert-rules";
import { scanBidDocuments } from "~/domain/supervision/scan-bid-documents";
import type { Db } from "~/lib/db.server";
import { getStorage } from "~/lib/storage.server";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { useTempStorage } from "./bids-fixtures";
import { fireOpenHall } from "./opening-fixtures";
import { insertPublishedLot, makeOrg, makeUser, seedParties } from "./tenders-fixtures";

/**
 * The rules of issue 7 §3 that need other areas' data, over a real database: expert confirmations (draw
 * members' response limits, yellow raised to red in place), read-out prices (BidDecryption after 唱标) and
 * the PDF metadata of decrypted bids (a real opening: sealed PDFs, released keys, the worker's scan).
 */
const { db } = await useTestDb();
useQueuePrefix();
useTempStorage();

let P: Awaited<ReturnType<typeof seedParties>>;
const MIN = 60_000;
const H = 60 * MIN;
const parties = () => ({ buyerOrgId: P.buyer.id, authorId: P.author.userId!, reviewerId: P.reviewer.userId! });
const future = () => ({ docsTo: new Date(Date.now() + 5 * 24 * H), deadline: new Date(Date.now() + 20 * 24 * H) });
const alertsOf = (lotId: string) => db.alert.findMany({ where: { lotId }, orderBy: { kind: "asc" } });

beforeAll(async () => {
  P = await seedParties(db);
});

async function drawWithMember(lotId: string, member: { status: "NOTIFIED" | "CONFIRMED"; notifiedAt: Date; windowMin: number }, drawStatus: "DRAWN" | "CANCELLED" = "DRAWN") {
  const seq = (await db.draw.count({ where: { lotId } })) + 1;
  const draw = await db.draw.create({
    data: {
      lotId, buyerOrgId: P.buyer.id, seq, status: drawStatus, committeeMembers: 5, evaluationAt: new Date(Date.now() + 2 * 24 * H), evaluationPlace: "评标室 3",
      responseMinutes: member.windowMin, serverSeedEnc: "x", commitment: "0".repeat(64), requestedById: P.author.userId!,
    },
  });
  const m = await db.drawMember.create({
    data: {
      drawId: draw.id, expertId: randomUUID(), expertCode: `E-${randomBytes(3).toString("hex")}`, specialtyCode: "A01", role: "MEMBER", rank: 0, status: member.status,
      notifiedAt: member.notifiedAt, respondBy: new Date(member.notifiedAt.getTime() + member.windowMin * MIN),
    },
  });
  return { draw, m };
}

describe("expert-confirmation-due", () => {
  it("is yellow in the last third of the response limit, then the same alert turns red in place (audited)", async () => {
    const now = new Date();
    const lot = await insertPublishedLot(db, parties(), future());
    const { draw, m } = await drawWithMember(lot.id, { status: "NOTIFIED", notifiedAt: new Date(now.getTime() - 45 * MIN), windowMin: 60 });
    await evaluateAlertRules(db, now);
    const [yellow] = await alertsOf(lot.id);
    expect(yellow).toMatchObject({ kind: "EXPERT_CONFIRMATION_DUE", severity: "YELLOW", messageCode: "supervision:alerts.EXPERT_CONFIRMATION_DUE" });
    expect(yellow!.params).toMatchObject({ drawId: draw.id, expertCode: m.expertCode, memberStatus: "NOTIFIED", dueAt: m.respondBy!.toISOString() });
    await acknowledgeAlert(P.supervisor, { alertId: yellow!.id });
    expect(await evaluateAlertRules(db, now)).toBe(0);

    // 16 minutes later the limit has passed: one alert still, now red, its acknowledgement cleared.
    expect(await evaluateAlertRules(db, new Date(now.getTime() + 16 * MIN))).toBe(1);
    const after = await alertsOf(lot.id);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: yellow!.id, severity: "RED", messageCode: "supervision:alerts.EXPERT_CONFIRMATION_OVERDUE", acknowledgedAt: null });
    const audit = await db.auditEntry.findMany({ where: { entityId: yellow!.id, action: "alert.severity_raised" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ from: "YELLOW", to: "RED", kind: "EXPERT_CONFIRMATION_DUE" });
    // And it stays one red alert.
    expect(await evaluateAlertRules(db, new Date(now.getTime() + 30 * MIN))).toBe(0);

    // The timeout job marks the member TIMED_OUT: still the same single red alert.
    await db.drawMember.update({ where: { id: m.id }, data: { status: "TIMED_OUT" } });
    expect(await evaluateAlertRules(db, new Date(now.getTime() + 31 * MIN))).toBe(0);
    expect(await db.alert.count({ where: { lotId: lot.id } })).toBe(1);
  });

  it("is silent early in the window, for an answered call and for a cancelled draw", async () => {
    const now = new Date();
    const lot = await insertPublishedLot(db, parties(), future());
    await drawWithMember(lot.id, { status: "NOTIFIED", notifiedAt: new Date(now.getTime() - 10 * MIN), windowMin: 60 });
    await drawWithMember(lot.id, { status: "CONFIRMED", notifiedAt: new Date(now.getTime() - 2 * H), windowMin: 60 });
    await drawWithMember(lot.id, { status: "NOTIFIED", notifiedAt: new Date(now.getTime() - 2 * H), windowMin: 60 }, "CANCELLED");
    await evaluateAlertRules(db, now);
    expect((await alertsOf(lot.id)).filter((a) => a.kind === "EXPERT_CONFIRMATION_DUE")).toEqual([]);
  });
});

/** A lot in OPENING with a read-out (or not) hall whose decryptions carry the given prices. */
async function readOutLot(prices: bigint[], readAt: Date | null) {
  const lot = await insertPublishedLot(db, parties(), future());
  await db.lot.update({ where: { id: lot.id }, data: { status: "OPENING" } });
  const s = await db.openingSession.create({ data: { lotId: lot.id, state: readAt ? "READING" : "DECRYPTING", decryptionWindowMinutes: 30, openedAt: new Date(), readAt } });
  for (const [i, price] of prices.entries()) {
    const org = await makeOrg(db, "BIDDER", `报价单位${randomBytes(3).toString("hex")}`);
    await db.bidDecryption.create({ data: { sessionId: s.id, bidId: randomUUID(), bidderOrgId: org.id, ordinal: i + 1, status: "DECRYPTED", totalPriceFen: price } });
  }
  return lot;
}

describe("read-out prices (唱标)", () => {
  it("flags prices within 0.5 % and equal final digits, with the amounts as evidence", async () => {
    const near = await readOutLot([10_000_000_00n, 10_030_000_00n, 12_500_000_00n], new Date());
    const tail = await readOutLot([1_234_567_89n, 1_198_867_89n, 1_301_267_89n], new Date());
    await evaluateAlertRules(db);
    const [n] = await alertsOf(near.id);
    expect(n).toMatchObject({ kind: "COLLUSION_NEAR_IDENTICAL_PRICE", severity: "RED" });
    expect(n!.params).toMatchObject({ pricesFen: "1000000000,1003000000", spreadBp: 30 });
    expect((await alertsOf(tail.id)).map((a) => [a.kind, (a.params as Record<string, unknown>).tailDigits])).toEqual([["COLLUSION_PRICE_TAIL", "6789"]]);
  });

  it("looks at no price before the read-out, and not at spread-out prices", async () => {
    const unread = await readOutLot([10_000_000_00n, 10_010_000_00n, 10_020_000_00n], null);
    const spread = await readOutLot([10_000_000_00n, 11_300_000_00n, 12_000_000_00n], new Date());
    await evaluateAlertRules(db);
    expect(await alertsOf(unread.id)).toEqual([]);
    expect(await alertsOf(spread.id)).toEqual([]);
  });
});

async function pdf(author: string, fileId?: string) {
  const d = await PDFDocument.create();
  d.setAuthor(author);
  d.setCreator("WPS 文字");
  d.addPage();
  if (fileId) d.context.trailerInfo.ID = d.context.obj([PDFHexString.of(fileId), PDFHexString.of(fileId)]);
  return d.save({ useObjectStreams: false });
}

/** setupHall's lot, but each sealed bid holds the given files (PDFs with chosen metadata). */
async function hallWithFiles(db: Db, bids: { priceFen: bigint; files: { name: string; bytes: Uint8Array }[] }[]) {
  const lot = await insertPublishedLot(db, parties(), { docsTo: new Date(Date.now() - 120_000), deadline: new Date(Date.now() + H), docsFrom: new Date(Date.now() - 300_000) });
  const out = [];
  for (const [i, b] of bids.entries()) {
    const org = await makeOrg(db, "BIDDER", `文件单位${i + 1}`);
    const actor = await makeUser(db, org.id, "BIDDER", `文件投标人${i + 1}`);
    await db.lotRegistration.create({ data: { lotId: lot.id, bidderOrgId: org.id, userId: actor.userId! } });
    const kp = await generateBidderKeyPair();
    const spki = await exportSpki(kp.publicKey);
    const fingerprint = await publicKeyFingerprint(spki);
    await db.bidderKey.create({ data: { orgId: org.id, fingerprint, publicKeySpki: toBase64(spki), createdById: actor.userId! } });
    const { stream, result } = sealBid({
      lotId: lot.id,
      recipientPublicKey: spki,
      priceSheet: { totalPriceFen: b.priceFen, durationDays: 180, fields: {} },
      files: b.files.map((f) => ({ name: f.name, size: f.bytes.length, stream: () => new Blob([new Uint8Array(f.bytes)]).stream() })),
      chunkSize: 4096,
    });
    const envelope = await readAllBytes(stream);
    const sealed = await result;
    const bidId = randomUUID();
    const stored = await getStorage().put(bidStorageKey(lot.id, bidId), Buffer.from(envelope));
    await db.bid.create({
      data: {
        id: bidId, lotId: lot.id, bidderOrgId: org.id, submittedById: actor.userId!, uploadId: `up-${bidId}`, storageKey: bidStorageKey(lot.id, bidId),
        size: BigInt(stored.size), ciphertextSha256: stored.sha256, plaintextSha256: sealed.plaintextSha256, keyFingerprint: fingerprint, submittedAt: new Date(Date.now() - 60_000 + i * 1000),
      },
    });
    const ck = await unwrapContentKey(readEnvelopeHeader(envelope).header, kp.privateKey);
    out.push({ actor, orgId: org.id, bidId, contentKey: toBase64(ck) });
  }
  await db.lot.update({ where: { id: lot.id }, data: { bidDeadline: new Date(Date.now() - 1000) } });
  await fireOpenHall(db, lot.id);
  return { lot, bidders: out };
}

describe("identical document author (a real opening, the worker's scan)", () => {
  const ID_X = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
  let h: Awaited<ReturnType<typeof hallWithFiles>>;
  let sessionId: string;

  beforeAll(async () => {
    h = await hallWithFiles(db, [
      { priceFen: 100_000_000n, files: [{ name: "技术标.pdf", bytes: await pdf("李工", ID_X) }, { name: "说明.txt", bytes: new TextEncoder().encode("说明") }] },
      { priceFen: 110_000_000n, files: [{ name: "商务标.PDF", bytes: await pdf(" 李工 ") }] },
      { priceFen: 120_000_000n, files: [{ name: "技术标.pdf", bytes: await pdf("Administrator") }] },
      { priceFen: 157_123_45n, files: [{ name: "资格.pdf", bytes: await pdf("administrator", ID_X.toUpperCase()) }, { name: "坏.pdf", bytes: new TextEncoder().encode("not a pdf") }] },
    ]);
    await startOpening(P.author, { lotId: h.lot.id });
    for (const b of h.bidders) await releaseContentKey(b.actor, { lotId: h.lot.id, bidId: b.bidId, contentKey: b.contentKey });
    sessionId = (await db.openingSession.findUniqueOrThrow({ where: { lotId: h.lot.id } })).id;
  });

  it("reads nothing inside the bids before 唱标", async () => {
    expect(await scanBidDocuments(db, getStorage(), sessionId)).toEqual({ scanned: 0, pdfs: 0 });
    await evaluateAlertRules(db);
    expect((await alertsOf(h.lot.id)).filter((a) => a.kind.startsWith("COLLUSION_SAME_AUTHOR") || a.kind.startsWith("COLLUSION_PRICE"))).toEqual([]);
    expect(await db.bidDocumentMetadata.count({ where: { lotId: h.lot.id } })).toBe(0);
  });

  it("after 唱标 queues the scan and an evaluation; the scan keeps metadata only; the rules find author, file id and price pattern", async () => {
    await closeDecryption(P.author, { lotId: h.lot.id });
    const jobs = await db.outboxJob.findMany({ where: { jobId: { in: [`scan-bid-documents-${sessionId}`, `evaluate-alert-rules-reading-${sessionId}`] } } });
    expect(jobs.map((j) => j.name).sort()).toEqual(["evaluateAlertRules", "scanBidDocuments"]);

    expect(await scanBidDocuments(db, getStorage(), sessionId)).toEqual({ scanned: 4, pdfs: 4 });
    const scans = await db.bidDocumentScan.findMany({ where: { lotId: h.lot.id } });
    expect(scans.map((s) => s.files).sort()).toEqual([1, 1, 2, 2]);
    const meta = await db.bidDocumentMetadata.findMany({ where: { lotId: h.lot.id } });
    expect(meta.map((m) => `${m.fileName}|${m.author}|${m.creator}`).sort()).toEqual(
      ["技术标.pdf|李工|WPS 文字", "商务标.PDF|李工|WPS 文字", "技术标.pdf|Administrator|WPS 文字", "资格.pdf|administrator|WPS 文字"].sort(),
    );
    // A second run scans nothing again.
    expect(await scanBidDocuments(db, getStorage(), sessionId)).toEqual({ scanned: 0, pdfs: 0 });

    await evaluateAlertRules(db);
    const alerts = await alertsOf(h.lot.id);
    const byKind = Object.fromEntries(alerts.map((a) => [a.kind, a.params as Record<string, string | number>]));
    const [a, b, c, d] = h.bidders;
    expect(byKind.COLLUSION_SAME_AUTHOR).toMatchObject({ author: "李工", orgIds: [a!.orgId, b!.orgId].sort().join(","), bidders: 2 });
    expect(byKind.COLLUSION_SAME_PDF_ID).toMatchObject({ pdfId: ID_X, bidIds: [a!.bidId, d!.bidId].sort().join(",") });
    expect(byKind.COLLUSION_PRICE_PATTERN).toMatchObject({ bidIds: [a, b, c].map((x) => x!.bidId).join(","), stepFen: "10000000" });
    // "Administrator" is shared by C and D but is a default user name: no alert names it.
    expect(alerts.filter((x) => JSON.stringify(x.params).toLowerCase().includes("administrator"))).toEqual([]);
    expect(byKind.COLLUSION_NEAR_IDENTICAL_PRICE).toBeUndefined();
    expect(await evaluateAlertRules(db)).toBe(0);
  });
});

describe("the runner's batched audit entries", () => {
  afterAll(() => closeAuditPools());
  it("seal into the chain and verify with both engines", async () => {
    const pool = getAuditPool();
    expect(await db.auditEntry.count({ where: { action: { in: ["alert.raised", "alert.severity_raised"] } } })).toBeGreaterThan(5);
    await sealAuditLog(pool);
    for (const engine of ["sql", "node"] as const) expect((await verifyAuditChain(pool, { engine })).ok).toBe(true);
  });
});
