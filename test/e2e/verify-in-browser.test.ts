/**
 * Issue 16 items 8 and 9, in the browser:
 *  - a visitor (no login) opens the public proof of a final expert draw: their browser replays the draw with
 *    the server's own code and says 验证通过 with each check in words; a proof.json with a changed entropy
 *    or selection, chosen on the same page, gives 验证未通过 and names what failed;
 *  - a visitor on /audit/checkpoints: the browser checks the published checkpoint list (验证通过) and, given
 *    a saved copy whose past day was rewritten, says 历史被改写; a checkpoint PDF re-generated after its file
 *    was lost is marked 已重新生成;
 *  - bidder1 on their receipt page drops the bid file they kept: 验证通过 (明文哈希一致); another file: 验证未通过;
 *  - bidder1 opens a document whose uploaded file is lost: the 410 page with words.
 * Set-up through the database (documented shortcut): a final draw of a lot whose result is public, two
 * checkpoints, a bid with its receipt, a lost upload. The checks themselves are untouched by the set-up.
 */
import { createCipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { canonicalCodes, commitmentOf, drawSelection, finalSeedOf, poolDigest, toHex } from "~/domain/draw/draw-algorithm";
import { createDb } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { insertPublishedLot } from "../integration/tenders-fixtures";
import { url, useBrowser } from "./support/browser";
import { shotBoth } from "./support/both-widths";
import { signIn } from "./support/sign-in";

const b = useBrowser();
const db = createDb(inject("e2eDatabaseUrl"), 2);
const work = mkdtempSync(path.join(tmpdir(), "verify-e2e-"));
afterAll(async () => {
  await db.$disconnect();
  rmSync(work, { recursive: true, force: true });
});

const ENTROPY = "骰子 6-2-4-4-1 · 监督员王某";
const sha = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");
/** The portal's sealing of a draw seed (app/domain/experts/secret-box.ts), with the e2e server's APP_SECRET. */
function sealSeed(plain: string): string {
  const purpose = "draw-server-seed";
  const key = Buffer.from(hkdfSync("sha256", inject("e2eAppSecret"), `ggzy-${purpose}-salt`, `${purpose} v1`, 32));
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([c.update(plain, "utf8"), c.final()]);
  return ["v1", iv.toString("base64url"), c.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

let drawId = "";
let receiptId = "";
let lostDocId = "";
const BID_FILE = Buffer.from("投标文件（示例）：报价 1,234,567.89 元，工期 180 日历天。\n".repeat(200), "utf8");

beforeAll(async () => {
  const user = (username: string) => db.user.findUniqueOrThrow({ where: { username } });
  const [staff1, staff2, bidder1] = await Promise.all([user("staff1"), user("staff2"), user("bidder1")]);
  const buyer = await db.organisation.findFirstOrThrow({ where: { kind: "BUYER" } });
  const HOUR = 3_600_000;
  const lot = await insertPublishedLot(
    db,
    { buyerOrgId: buyer.id, authorId: staff1.id, reviewerId: staff2.id },
    { docsFrom: new Date(Date.now() - 30 * HOUR), docsTo: new Date(Date.now() - 26 * HOUR), deadline: new Date(Date.now() - 24 * HOUR) },
    `E2E-VERIFY-${Date.now().toString(36).toUpperCase()}`,
  );
  await db.lot.update({ where: { id: lot.id }, data: { status: "CANDIDATES_PUBLICITY" } });

  // A final draw, computed with the published algorithm from a fresh seed and the demo pool's codes.
  const experts = await db.expert.findMany({ orderBy: { code: "asc" }, take: 12, select: { id: true, code: true } });
  const codes = canonicalCodes(experts.map((e) => e.code));
  const seed = randomBytes(32);
  drawId = crypto.randomUUID();
  const finalSeed = finalSeedOf(seed, ENTROPY, drawId);
  const pools = [{ specialtyCode: "A0101", members: 3, backups: 2, codes }];
  const { selection } = drawSelection(finalSeed, pools);
  const now = new Date();
  await db.draw.create({
    data: {
      id: drawId, lotId: lot.id, buyerOrgId: buyer.id, seq: 1, status: "FINAL", committeeMembers: 3,
      evaluationAt: new Date(now.getTime() - 2 * HOUR), evaluationPlace: "评标室 3", responseMinutes: 30,
      serverSeedEnc: sealSeed(toHex(seed)), commitment: commitmentOf(seed), supervisorEntropy: ENTROPY, entropyAt: now,
      finalSeed: toHex(finalSeed), requestedById: staff1.id, requestedAt: now, drawnAt: now, finalizedAt: now,
      pools: { create: pools.map((p, position) => ({ position, specialtyCode: p.specialtyCode, members: p.members, backups: p.backups, codes: p.codes, digest: poolDigest(p.codes) })) },
    },
  });
  const idOf = new Map(experts.map((e) => [e.code, e.id]));
  const s = selection[0]!;
  await db.drawMember.createMany({
    data: [...s.members, ...s.backups].map((code, rank) => ({
      drawId, expertId: idOf.get(code)!, expertCode: code, specialtyCode: "A0101",
      role: rank < s.members.length ? ("MEMBER" as const) : ("BACKUP" as const), rank, status: rank < s.members.length ? ("CONFIRMED" as const) : ("STANDBY" as const),
    })),
  });

  // Two published checkpoints: the genesis day, and a day whose head is the sealed chain's current one.
  const [head] = await db.$queryRawUnsafe<{ seq: bigint; hash: string }[]>(`SELECT seq, hash FROM "AuditSeal" ORDER BY seq DESC LIMIT 1`);
  const restored = await db.document.create({
    data: {
      kind: "audit-checkpoint", number: `JC-E2E-${Date.now()}`, title: "审计日志检查点 2026-01-02", storageKey: `documents/e2e/${randomBytes(6).toString("hex")}.pdf`,
      sha256: "0".repeat(64), size: 1, entityType: "AuditCheckpoint", entityId: "e2e", public: true, restoredAt: new Date(),
    },
  });
  await db.auditCheckpoint.createMany({
    data: [
      { day: "2026-01-01", headSeq: 0n, headHash: "0".repeat(64), count: 0n },
      { day: "2026-01-02", headSeq: head?.seq ?? 0n, headHash: head?.hash ?? "0".repeat(64), count: head?.seq ?? 0n, documentId: restored.id },
    ],
    skipDuplicates: true,
  });

  // bidder1's bid and receipt: the file they kept is BID_FILE.
  // One active key per organisation: earlier files (bids-flow) may have registered bidder1's already.
  const active = await db.bidderKey.findFirst({ where: { orgId: bidder1.orgId, retiredAt: null }, select: { fingerprint: true } });
  const fingerprint = active?.fingerprint ?? sha(randomBytes(16));
  if (!active) await db.bidderKey.create({ data: { orgId: bidder1.orgId, fingerprint, publicKeySpki: "e2e", createdById: bidder1.id } });
  const ciphertext = randomBytes(4096);
  const bid = await db.bid.create({
    data: {
      lotId: lot.id, bidderOrgId: bidder1.orgId, submittedById: bidder1.id, uploadId: `e2e-${randomBytes(6).toString("hex")}`,
      storageKey: `bids/e2e/${randomBytes(6).toString("hex")}`, size: BigInt(ciphertext.length), ciphertextSha256: sha(ciphertext),
      plaintextSha256: sha(BID_FILE), keyFingerprint: fingerprint, submittedAt: new Date(now.getTime() - 25 * HOUR),
    },
  });
  const receipt = await db.bidReceipt.create({
    data: {
      number: `HZ-E2E-${Date.now()}`, kind: "SUBMITTED", bidId: bid.id, lotId: lot.id, bidderOrgId: bidder1.orgId, issuedAt: bid.submittedAt,
      ciphertextSha256: bid.ciphertextSha256, plaintextSha256: bid.plaintextSha256, size: bid.size, keyFingerprint: fingerprint,
    },
  });
  receiptId = receipt.id;

  // An uploaded document of bidder1's organisation whose file is gone (restored database, lost disk).
  const lost = await db.document.create({
    data: {
      kind: "contract", number: `HT-E2E-${Date.now()}`, title: "合同（签署版）", storageKey: `documents/e2e/${randomBytes(6).toString("hex")}.pdf`,
      sha256: sha("gone"), size: 4, entityType: "Award", entityId: lot.id, ownerOrgId: bidder1.orgId, public: false,
    },
  });
  lostDocId = lost.id;
});

describe("verification in the visitor's own browser", () => {
  test("visitor: the draw proof is replayed in the browser, step by step; a tampered proof.json fails clearly", async () => {
    const page = await b.page();
    await page.goto(url(`/draws/${drawId}/proof`));
    const result = page.getByTestId("proof-replay-result");
    await result.getByText("验证通过").waitFor({ timeout: 30_000 });
    const text = await result.innerText();
    expect(text).toContain("种子在抽取前就已确定，事后没有更换");
    expect(text).toContain(`随机数“${ENTROPY}”确实参与了计算`);
    expect(text).toContain("名单在抽取前已固定，没有增删");
    expect(text).toContain("与公布的结果及顺序完全相同");
    await shotBoth(b, page, "verify-draw-proof");

    // The visitor keeps proof.json; a copy with one drawn code swapped is caught.
    const proof = await (await page.request.get(url(`/draws/${drawId}/proof.json`))).json();
    const sel = proof.selection[0];
    [sel.members[0], sel.backups[0]] = [sel.backups[0], sel.members[0]];
    const tampered = path.join(work, "proof-tampered.json");
    writeFileSync(tampered, JSON.stringify(proof));
    await page.getByTestId("proof-file").setInputFiles(tampered);
    await result.getByText("验证未通过").waitFor();
    expect(await result.innerText()).toContain("proof-tampered.json");
    expect(await result.locator(".verify-step--bad").innerText()).toContain("与公布的结果不同");

    // And one whose entropy was changed afterwards.
    const proof2 = await (await page.request.get(url(`/draws/${drawId}/proof.json`))).json();
    proof2.entropy = "骰子 6-2-4-4-2 · 监督员王某";
    const tampered2 = path.join(work, "proof-entropy-changed.json");
    writeFileSync(tampered2, JSON.stringify(proof2));
    await page.getByTestId("proof-file").setInputFiles(tampered2);
    await result.getByText("proof-entropy-changed.json").waitFor();
    await expect.poll(async () => result.locator(".verify-step--bad").count()).toBeGreaterThan(0);
    expect(await result.innerText()).toContain("重算出的最终种子与公布值不同");
    await shotBoth(b, page, "verify-draw-proof-tampered");

    // Not a proof at all: said so, nothing else changes.
    const junk = path.join(work, "notes.json");
    writeFileSync(junk, "{ not json");
    await page.getByTestId("proof-file").setInputFiles(junk);
    await page.getByTestId("proof-replay-error").getByText("不是有效的抽取证明文件").waitFor();
  });

  test("visitor: the published checkpoints are checked in the browser, and against a saved copy", async () => {
    const page = await b.page();
    await page.goto(url("/audit/checkpoints"));
    const result = page.getByTestId("chain-check-result");
    await result.getByText("验证通过").waitFor({ timeout: 30_000 });
    expect(await result.innerText()).toContain("日志没有被截短");
    // The checkpoint whose PDF was re-rendered after its file was lost says so.
    await page.getByTestId("document-restored").first().waitFor();
    expect(await page.getByTestId("document-restored").first().innerText()).toContain("已重新生成");
    await shotBoth(b, page, "verify-checkpoints");

    const list = await (await page.request.get(url("/audit/checkpoints.json"))).json();
    const saved = path.join(work, "checkpoints-saved.json");
    writeFileSync(saved, JSON.stringify(list));
    await page.getByTestId("saved-checkpoints").setInputFiles(saved);
    await result.getByText("历史没有被改写").waitFor();

    // A saved copy that disagrees with what is published now: history was rewritten (one of the two).
    const rewritten = { ...list, checkpoints: list.checkpoints.map((c: { day: string; headSeq: string }) => (c.day === "2026-01-02" ? { ...c, headSeq: String(BigInt(c.headSeq) + 1n), count: String(BigInt(c.headSeq) + 1n) } : c)) };
    const savedRewritten = path.join(work, "checkpoints-saved-2.json");
    writeFileSync(savedRewritten, JSON.stringify(rewritten));
    await page.getByTestId("saved-checkpoints").setInputFiles(savedRewritten);
    await result.getByText("验证未通过").waitFor();
    expect(await result.locator(".verify-step--bad").innerText()).toContain("历史被改写");
    await shotBoth(b, page, "verify-checkpoints-rewritten");
  });

  test("bidder1: the file they kept matches their receipt (hashed in the browser, not uploaded); another does not", async () => {
    const page = await b.page();
    await signIn(page, "bidder1", DEMO_PASSWORDS.BIDDER);
    await page.goto(url(`/receipts/${receiptId}`));
    const kept = path.join(work, "我的投标文件.pdf");
    writeFileSync(kept, BID_FILE);
    let uploads = 0;
    page.on("request", (r) => {
      if (r.method() !== "GET") uploads++;
    });
    await page.getByTestId("receipt-file").setInputFiles(kept);
    const result = page.getByTestId("receipt-check-result");
    await result.getByText("验证通过").waitFor({ timeout: 30_000 });
    expect(await result.innerText()).toContain("这正是您递交的投标文件原件");
    expect(await result.innerText()).toContain(sha(BID_FILE));
    expect(uploads).toBe(0);
    await shotBoth(b, page, "verify-receipt");

    const other = path.join(work, "改过的投标文件.pdf");
    writeFileSync(other, Buffer.concat([BID_FILE, Buffer.from(" ")]));
    await page.getByTestId("receipt-file").setInputFiles(other);
    await result.getByText("验证未通过").waitFor();
    expect(await result.innerText()).toContain("这不是本回执对应的文件，或者文件在递交后被改动过");
    await shotBoth(b, page, "verify-receipt-mismatch");

    // A document of theirs whose uploaded file is lost: a page with words, not a bare 500.
    const res = await page.goto(url(`/documents/${lostDocId}`));
    expect(res?.status()).toBe(410);
    expect(page.url()).toContain(`/documents/${lostDocId}/unavailable`);
    expect(await page.locator("main").innerText()).toContain("存储文件已丢失");
    await shotBoth(b, page, "document-unavailable");
  });
});
