import { createHash } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { getDb, type Db } from "~/lib/db.server";
import { getStorage, type Storage } from "~/lib/storage.server";

/**
 * Files in bid storage are only ever written by finaliseBid, just before the transaction that writes the bid
 * row naming them (Bid.storageKey). A process killed between the two (kill -9, power loss) leaves a `.sealed`
 * file that no bid row names, or the `.tmp-*` file of an interrupted copy. Such a file is a copy of a sealed
 * envelope nobody can submit any more: it must not lie around (issue 14).
 *
 * The sweep removes a file only when (1) it is older than the grace period — far longer than any finalise
 * transaction may take (30 s), so a file whose row is being written right now is never touched — and (2) no
 * bid row names its key, checked in the same transaction that writes the audit entry. Each removal is
 * audited (key, size, SHA-256 of the removed bytes) before the file is deleted.
 */
export const ORPHAN_GRACE_MS = 60 * 60_000;

const SEALED_KEY = /^bids\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.sealed$/;
const TEMP_KEY = /^bids\/[0-9a-f-]{36}\/\.tmp-[0-9a-f]{16}$/;

export interface SweepReport {
  looked: number;
  removed: number;
  /** Files under bids/ that the sweep does not recognise: left alone, reported. */
  unknown: number;
}

export async function sweepOrphanBidFiles(
  actor: Actor,
  opts: { now?: Date; graceMs?: number } = {},
  deps: { db?: Db; storage?: Storage } = {},
): Promise<SweepReport> {
  assertCan(actor, "storage.sweep");
  const db = deps.db ?? getDb();
  const storage = deps.storage ?? getStorage();
  const now = (opts.now ?? new Date()).getTime();
  const grace = opts.graceMs ?? ORPHAN_GRACE_MS;
  const report: SweepReport = { looked: 0, removed: 0, unknown: 0 };

  const old: { key: string; size: number; modifiedAt: Date; partial: boolean }[] = [];
  for await (const f of storage.list("bids/")) {
    report.looked++;
    if (!(f.partial ? TEMP_KEY : SEALED_KEY).test(f.key)) {
      report.unknown++;
      continue;
    }
    if (now - f.modifiedAt.getTime() >= grace) old.push(f);
  }

  for (const f of old) {
    const sha256 = await hashOf(storage, f.key).catch(() => null);
    if (sha256 === null) continue; // gone meanwhile
    const remove = await db.$transaction(async (tx) => {
      // Lock out a concurrent finalise of this very key (it cannot exist after the grace period, but the
      // check and the audit entry belong together).
      if (!f.partial) {
        const named = await tx.$queryRaw<{ n: number }[]>`SELECT 1 AS n FROM "Bid" WHERE "storageKey" = ${f.key} FOR SHARE`;
        if (named.length > 0) return false;
      }
      await appendAudit(tx, actor, {
        action: "bid.orphan_file_removed",
        // The would-be bid's id (a .sealed file), or the lot (a temp file); the key is in the detail.
        entityType: f.partial ? "Lot" : "Bid",
        entityId: f.partial ? f.key.split("/")[1]! : f.key.slice(f.key.lastIndexOf("/") + 1, -".sealed".length),
        detail: { key: f.key, size: f.size, sha256, modifiedAt: f.modifiedAt.toISOString(), partial: f.partial, graceMs: grace },
      });
      return true;
    });
    if (!remove) continue;
    await storage.delete(f.key);
    report.removed++;
  }
  return report;
}

async function hashOf(storage: Storage, key: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of storage.get(key)) h.update(chunk as Buffer);
  return h.digest("hex");
}
