import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll } from "vitest";
import type { Actor } from "~/domain/actor";
import { createApiToken } from "~/domain/bids/api-tokens";
import { registerBidderKey } from "~/domain/bids/register-bidder-key";
import { handleUpload } from "~/web/bids/upload-route.server";
import { exportSpki, generateBidderKeyPair, readAllBytes, sealBid, toBase64, publicKeyFingerprint } from "~/domain/crypto";
import type { Db } from "~/lib/db.server";
import { resetEnvCache } from "~/lib/env.server";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { insertPublishedLot, seedParties } from "./tenders-fixtures";

/** Shared set-up of the bids integration tests: storage dir, parties, a published lot, keys, tokens. */
export function useTempStorage(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "ggzy-bids-"));
  process.env.STORAGE_DIR = dir;
  resetEnvCache();
  return dir;
}

export const sha256hex = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

export async function newKey(actor: Actor, opts: { confirmReplace?: boolean } = {}) {
  const keyPair = await generateBidderKeyPair();
  const spki = await exportSpki(keyPair.publicKey);
  const fingerprint = await publicKeyFingerprint(spki);
  await registerBidderKey(actor, { publicKeySpki: toBase64(spki), fingerprint, confirmReplace: opts.confirmReplace });
  return { keyPair, spki, fingerprint };
}

export async function setupBidding(db: Db) {
  const p = await seedParties(db);
  const lot = await insertPublishedLot(
    db,
    { buyerOrgId: p.buyer.id, authorId: p.author.userId!, reviewerId: p.reviewer.userId! },
    { docsTo: new Date(Date.now() + 3_600_000), deadline: new Date(Date.now() + 7_200_000) },
  );
  for (const a of [p.bidder, p.otherBidder]) {
    await db.lotRegistration.create({ data: { lotId: lot.id, bidderOrgId: a.orgId!, userId: a.userId! } });
  }
  const key = await newKey(p.bidder);
  const otherKey = await newKey(p.otherBidder);
  const token = (await createApiToken(p.bidder, { name: "ci", days: 30 })).token;
  const otherToken = (await createApiToken(p.otherBidder, { name: "ci", days: 30 })).token;
  return { ...p, lot, key, otherKey, token, otherToken };
}

export type Bidding = Awaited<ReturnType<typeof setupBidding>>;

/**
 * The bids test files' common world: their own database and queue prefix, a temporary storage dir, and the
 * bidding set-up made before the tests (`s` is filled in by beforeAll: read it inside tests, not at load).
 */
export async function useBidding() {
  const { db, url } = await useTestDb();
  useQueuePrefix();
  const storageDir = useTempStorage();
  const s = {} as Bidding;
  beforeAll(async () => {
    Object.assign(s, await setupBidding(db));
  });
  return { db, url, storageDir, s };
}

export const MARKER = "NOBODY-READS-EARLY-7f3a9c";

export async function sealFor(lotId: string, spki: Uint8Array, opts: { priceFen?: bigint; text?: string; chunkSize?: number } = {}) {
  const body = new TextEncoder().encode(`${opts.text ?? MARKER} 技术标 ${"x".repeat(3000)}`);
  const { stream, result } = sealBid({
    lotId,
    recipientPublicKey: spki,
    priceSheet: { totalPriceFen: opts.priceFen ?? 987_654_321n, durationDays: 180, fields: { 质保期: "5年" } },
    files: [{ name: "技术标.txt", size: body.length, stream: () => new Blob([body]).stream() }],
    chunkSize: opts.chunkSize ?? 1024,
  });
  const envelope = await readAllBytes(stream);
  const r = await result;
  return { envelope, ciphertextSha256: r.ciphertextSha256, plaintextSha256: r.plaintextSha256, header: r.header };
}

const tusHeaders = (token: string) => ({ Authorization: `Bearer ${token}`, "Tus-Resumable": "1.0.0" });

/** Uploads bytes through the real tus handler (as the route does), in two PATCHes to exercise resuming. */
export async function tusUpload(token: string, bytes: Uint8Array): Promise<string> {
  const created = await handleUpload(
    new Request("http://localhost/api/v1/uploads", { method: "POST", headers: { ...tusHeaders(token), "Upload-Length": String(bytes.length) } }),
    null,
  );
  if (created.status !== 201) throw new Error(`tus create ${created.status}: ${await created.text()}`);
  const id = created.headers.get("location")!.split("/").pop()!;
  const half = Math.floor(bytes.length / 2);
  for (const [from, to] of [[0, half], [half, bytes.length]] as const) {
    const head = await handleUpload(new Request(`http://localhost/api/v1/uploads/${id}`, { method: "HEAD", headers: tusHeaders(token) }), id);
    const offset = Number(head.headers.get("upload-offset"));
    if (offset !== from) throw new Error(`expected offset ${from}, got ${offset}`);
    const res = await handleUpload(
      new Request(`http://localhost/api/v1/uploads/${id}`, {
        method: "PATCH",
        headers: { ...tusHeaders(token), "Upload-Offset": String(from), "Content-Type": "application/offset+octet-stream" },
        body: bytes.slice(from, to),
        duplex: "half",
      } as RequestInit),
      id,
    );
    if (res.status !== 204) throw new Error(`tus patch ${res.status}: ${await res.text()}`);
  }
  return id;
}

export const bond = (amountFen = "100000") => ({
  method: "ACCOUNT_TRANSFER" as const,
  amountFen,
  payerAccount: "6222 0210 0101 2345 678",
  payerBank: "中国工商银行苏州分行",
  bankReference: "TX20261123000123",
});
