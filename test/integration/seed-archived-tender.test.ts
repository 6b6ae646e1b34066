import { describe, expect, it } from "vitest";
import { verifyCaseArchive } from "~/domain/award/verify-case-archive";
import { getStorage, LocalDiskStorage } from "~/lib/storage.server";
import { ARCHIVED_PROJECT_TITLE } from "../../prisma/seed/archived-tender";
import { runSeed } from "../../prisma/seed/run";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { useTempStorage } from "./bids-fixtures";

/**
 * The demo seed on a fresh database (what `npm start` runs): besides the open tenders, one tender carried
 * all the way to ARCHIVED through the domain — contract, every bond refunded, a case archive that verifies.
 * Run twice, the second run creates nothing.
 */
const { db } = await useTestDb();
useQueuePrefix();
useTempStorage();

describe("demo seed: a tender that went all the way", () => {
  it("seeds one ARCHIVED lot with publicity, result, contract, refunds and a verified archive", { timeout: 240_000 }, async () => {
    const lines: string[] = [];
    const t0 = Date.now();
    await runSeed(db, (l) => lines.push(l));
    console.log(`[seed timing] fresh seed ${Date.now() - t0} ms\n${lines.join("\n")}`);
    const lots = await db.lot.findMany({ where: { status: "ARCHIVED" }, include: { project: true } });
    expect(lots).toHaveLength(1);
    const lot = lots[0]!;
    expect(lot.project.title).toBe(ARCHIVED_PROJECT_TITLE);
    const kinds = (await db.announcement.findMany({ where: { lotId: lot.id } })).map((a) => a.kind);
    expect(kinds).toEqual(expect.arrayContaining(["CANDIDATES", "RESULT"]));
    expect(await db.announcement.count({ where: { lotId: lot.id, documentId: null } })).toBe(0);
    const award = await db.award.findUniqueOrThrow({ where: { lotId: lot.id } });
    const contract = await db.contract.findUniqueOrThrow({ where: { lotId: lot.id } });
    expect(contract.amountFen).toBe(award.priceFen);
    expect(contract.sha256).toMatch(/^[0-9a-f]{64}$/);
    const refunds = await db.bondRefund.findMany({ where: { lotId: lot.id } });
    expect(refunds).toHaveLength(4);
    for (const r of refunds) expect(r.refundedOn).not.toBeNull();
    expect(await db.awardNotice.count({ where: { lotId: lot.id, documentId: null } })).toBe(0);
    // Every clock of the award was met: no overdue alert on the demo lot.
    expect(await db.alert.count({ where: { lotId: lot.id } })).toBe(0);
    const archive = await db.lotArchive.findUniqueOrThrow({ where: { lotId: lot.id } });
    expect(archive.status).toBe("DONE");
    expect(archive.retentionUntil.getUTCFullYear()).toBeGreaterThanOrEqual(new Date().getUTCFullYear() + 15);
    const check = await verifyCaseArchive((getStorage() as LocalDiskStorage).localPath(archive.storageKey!));
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    // The demo bidders' keys of that tender are retired: each registers its own first key in the browser.
    expect(await db.bidderKey.count({ where: { retiredAt: null } })).toBe(0);
    const pending = await db.scheduledTransition.findMany({ where: { lotId: lot.id, status: "PENDING" }, select: { kind: true, refId: true, dueAt: true } });
    expect(pending.filter((p) => p.dueAt < new Date())).toEqual([]);

    const again: string[] = [];
    await runSeed(db, (l) => again.push(l));
    expect(again.find((l) => l.includes("archived tender"))).toMatch(/created 0 projects/);
    expect(await db.lot.count({ where: { status: "ARCHIVED" } })).toBe(1);
  });
});
