import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { dbNow } from "~/domain/bids/db-clock";
import { publishAnnouncement } from "~/domain/tenders/publish-lot";
import { transitionLot } from "~/domain/tenders/lot-lifecycle";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb, type Db } from "~/lib/db.server";
import { assertHost, loadSession } from "./hall-access";
import { moveHall } from "./hall-machine";
import { hallTx } from "./hall-tx";
import { closeDecryptionWindow } from "./jobs";

/** 招标投标法实施条例 第四十四条: with fewer than 3 bidders the tender is not opened (重新招标). */
export const MIN_BIDS = 3;

/**
 * The host starts the opening. Fewer than MIN_BIDS ACTIVE bids: the hall FAILS, the lot goes to FAILED
 * (流标) and a 流标公告 is published — one transaction. Otherwise the decryption window opens for
 * decryptionWindowMinutes from now (database clock): one BidDecryption per ACTIVE bid, numbered in the
 * 唱标 order (submission time ascending, then id), and a delayed job closes the window at its end.
 * A second start racing the first is refused by the conditional state update (moveHall).
 */
export async function startOpening(actor: Actor, input: { lotId: string }, deps: { db?: Db } = {}) {
  const db = deps.db ?? getDb();
  await assertHost(db, actor, input.lotId);
  const s = await loadSession(db, input.lotId);
  return hallTx(s.id, async (tx, emit) => {
    const now = await dbNow(tx);
    const bids = await tx.bid.findMany({
      where: { lotId: input.lotId, status: "ACTIVE" },
      orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
      select: { id: true, bidderOrgId: true },
    });
    if (bids.length < MIN_BIDS) {
      await moveHall(tx, s.id, s.state, "fail", { failedAt: now, bidCount: bids.length, hostUserId: actor.userId });
      await transitionLot(tx, actor, input.lotId, "fail", { expectedStatus: "OPENING", reason: `fewer than ${MIN_BIDS} bids (${bids.length})` });
      const lot = await tx.lot.findUniqueOrThrow({ where: { id: input.lotId }, select: { title: true, project: { select: { code: true, title: true } } } });
      // Announcements are official Chinese notices (like the tender announcement texts of app/domain/tenders).
      await publishAnnouncement(tx, actor, {
        lotId: input.lotId,
        kind: "FAILED",
        title: `${lot.project.title}（${lot.title}）流标公告`,
        body:
          `${lot.project.title}（项目编号：${lot.project.code}）${lot.title}于投标截止时间共收到有效投标文件${bids.length}份，` +
          `不足${MIN_BIDS}家，依据《中华人民共和国招标投标法实施条例》第四十四条，不予开标，本标段流标。招标人将依法重新招标。`,
        at: now,
      });
      await emit("hall.failed", { bidCount: bids.length });
      await appendAudit(tx, actor, { action: "opening.failed", entityType: "OpeningSession", entityId: s.id, detail: { lotId: input.lotId, bidCount: bids.length } });
      return { state: "FAILED" as const, bidCount: bids.length };
    }
    const endsAt = new Date(now.getTime() + s.decryptionWindowMinutes * 60_000);
    await moveHall(tx, s.id, s.state, "start", {
      startedAt: now,
      decryptionEndsAt: endsAt,
      bidCount: bids.length,
      hostUserId: actor.userId,
    });
    await tx.bidDecryption.createMany({
      data: bids.map((b, i) => ({ sessionId: s.id, bidId: b.id, bidderOrgId: b.bidderOrgId, ordinal: i + 1 })),
    });
    await enqueueJob(tx, closeDecryptionWindow, { sessionId: s.id, endsAtMs: endsAt.getTime() }, { runAt: endsAt });
    await emit("hall.started", { bidCount: bids.length, decryptionEndsAt: endsAt.toISOString() });
    await appendAudit(tx, actor, {
      action: "opening.started",
      entityType: "OpeningSession",
      entityId: s.id,
      detail: { lotId: input.lotId, bidCount: bids.length, decryptionEndsAt: endsAt.toISOString() },
    });
    return { state: "DECRYPTING" as const, bidCount: bids.length, decryptionEndsAt: endsAt };
  }, db);
}
