import { systemActor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { transitionLot } from "~/domain/tenders/lot-lifecycle";
import { getDb, type Db } from "~/lib/db.server";
import { getStorage, LocalDiskStorage, type Storage } from "~/lib/storage.server";
import { collectArchiveEntries } from "./archive-entries";
import { verifyCaseArchive } from "./verify-case-archive";
import { zipCaseArchive } from "./zip-case-archive";

const SYSTEM = systemActor("worker:archive");

export const archiveStorageKey = (lotId: string, at: Date) => `archives/${at.toISOString().slice(0, 7)}/${lotId}-${at.getTime()}.zip`;

/**
 * The worker's half of 归档: collects every file and record of the lot, streams them into one ZIP in storage
 * with its SHA-256 manifest (progress written as it goes), re-reads the ZIP and checks it against the
 * manifest, then — in one transaction — records the ZIP's hash, moves the lot to ARCHIVED and audits it.
 * A failure leaves the lot as it was and the archive row FAILED with the reason (staff may ask again).
 * Idempotent: a finished archive is not built twice.
 */
export async function buildLotArchive(lotId: string, opts: { db?: Db; storage?: Storage; now?: Date } = {}) {
  const db = opts.db ?? getDb();
  const storage = opts.storage ?? getStorage();
  const row = await db.lotArchive.findUnique({ where: { lotId } });
  if (!row || row.status === "DONE") return { status: row?.status ?? "MISSING" };
  const at = opts.now ?? new Date();
  const key = archiveStorageKey(lotId, at);
  await db.lotArchive.update({ where: { lotId }, data: { status: "BUILDING", progress: 0, error: null } });
  try {
    const lot = await db.lot.findUniqueOrThrow({ where: { id: lotId }, include: { project: true } });
    const entries = await collectArchiveEntries(db, storage, lotId);
    let last = 0;
    let lastAt = 0;
    const zipped = await zipCaseArchive(
      storage,
      key,
      entries,
      {
        lotId,
        projectCode: lot.project.code,
        project: lot.project.title,
        lot: lot.title,
        profile: lot.project.procurementType,
        retentionUntil: row.retentionUntil.toISOString().slice(0, 10),
      },
      (done, total) => {
        const pct = total > 0 ? Math.min(99, Math.floor((done / total) * 100)) : 99;
        const t = Date.now();
        if (pct > last && t - lastAt > 300) {
          last = pct;
          lastAt = t;
          void db.lotArchive.update({ where: { lotId }, data: { progress: pct } }).catch(() => {});
        }
      },
      at,
    );
    // Read back what storage holds: the archive is only accepted once it verifies.
    if (storage instanceof LocalDiskStorage) {
      const check = await verifyCaseArchive(storage.localPath(key));
      if (!check.ok) throw new Error(`archive does not verify: ${check.problems.slice(0, 3).join("; ")}`);
    }
    await db.$transaction(async (tx) => {
      await tx.lotArchive.update({
        where: { lotId },
        data: {
          status: "DONE",
          progress: 100,
          storageKey: key,
          sha256: zipped.sha256,
          size: BigInt(zipped.size),
          manifestSha256: zipped.manifestSha256,
          entries: zipped.manifest.entries.length,
          finishedAt: new Date(),
        },
      });
      const l = await tx.lot.findUniqueOrThrow({ where: { id: lotId }, select: { status: true } });
      await transitionLot(tx, SYSTEM, lotId, "archive", { expectedStatus: l.status, detail: { sha256: zipped.sha256, entries: zipped.manifest.entries.length } });
      await appendAudit(tx, SYSTEM, {
        action: "archive.built",
        entityType: "Lot",
        entityId: lotId,
        detail: { sha256: zipped.sha256, manifestSha256: zipped.manifestSha256, size: zipped.size, entries: zipped.manifest.entries.length, retentionUntil: row.retentionUntil.toISOString().slice(0, 10) },
      });
    });
    return { status: "DONE" as const, sha256: zipped.sha256, size: zipped.size, entries: zipped.manifest.entries.length, key };
  } catch (e) {
    await storage.delete(key).catch(() => {});
    await db.lotArchive.update({ where: { lotId }, data: { status: "FAILED", error: String((e as Error).message ?? e).slice(0, 1000) } });
    await db.$transaction((tx) =>
      appendAudit(tx, SYSTEM, { action: "archive.failed", entityType: "Lot", entityId: lotId, detail: { error: String((e as Error).message ?? e).slice(0, 300) } }),
    );
    throw e;
  }
}
