import { randomUUID } from "node:crypto";
import { systemActor, type Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { enqueueJob } from "~/jobs/enqueue-job";
import { renderAuditCheckpoint } from "~/domain/documents/jobs";
import { getDb, type Db } from "~/lib/db.server";
import { appendAudit } from "./append-audit";
import { GENESIS_HASH } from "./canonical";
import { sealAuditLog } from "./seal-audit-log";
import { dayEnd, isDay, previousShanghaiDay } from "./shanghai-day";

export interface AuditCheckpointView {
  id: string;
  day: string;
  headSeq: string;
  headHash: string;
  count: string;
  createdAt: Date;
  documentId: string | null;
  /** false when the day already had its checkpoint (idempotent re-run). */
  created: boolean;
}

/**
 * Writes the checkpoint that closes a Shanghai day (default: the day before `now`, i.e. the day that
 * just ended when the 00:05 job runs): the chain head at the LAST ENTRY RECORDED BEFORE THAT DAY'S
 * MIDNIGHT — highest seq with `at` < midnight — its hash, and the count (= headSeq, seqs being dense).
 * Choosing the day's last entry rather than "the head right now" makes the checkpoint the same whenever
 * the job runs (late after a worker outage, or twice). Idempotent per day (unique day); the first write
 * is itself audited and enqueues its PDF (renderAuditCheckpoint) in the same transaction.
 */
export async function writeAuditCheckpoint(
  actor: Actor = systemActor("audit-checkpoint"),
  input: { day?: string; now?: Date } = {},
  deps: { db?: Db; pool?: unknown } = {},
): Promise<AuditCheckpointView> {
  assertCan(actor, "audit.checkpoint.write");
  const now = input.now ?? new Date();
  const day = input.day ?? previousShanghaiDay(now);
  if (!isDay(day)) throw new DomainError("audit:errors.badDay", { day }, 400, "day");
  const end = dayEnd(day);
  if (end.getTime() > now.getTime()) throw new DomainError("audit:errors.dayNotEnded", { day }, 409, "day");
  const db = deps.db ?? getDb();

  // Everything committed before now gets its chain position first, so the head below is final.
  await sealAuditLog(deps.pool ?? db);

  return db.$transaction(async (tx) => {
    // Walks the chain back from its head to the last entry before midnight: a few thousand seals when the
    // job runs at 00:05; a re-run for an old day walks further (a daily job can afford it).
    const head = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
      SELECT s.seq, s.hash FROM "AuditSeal" s JOIN "AuditEntry" e ON e.id = s."entryId"
       WHERE e.at < ${end} ORDER BY s.seq DESC LIMIT 1`;
    const headSeq = head[0]?.seq ?? 0n;
    const headHash = head[0]?.hash ?? GENESIS_HASH;
    const inserted = await tx.$queryRaw<{ id: string; createdAt: Date }[]>`
      INSERT INTO "AuditCheckpoint" (id, day, "headSeq", "headHash", count)
      VALUES (${randomUUID()}::uuid, ${day}, ${headSeq}, ${headHash}, ${headSeq})
      ON CONFLICT (day) DO NOTHING
      RETURNING id::text, "createdAt"`;
    if (inserted.length === 0) {
      const cp = await tx.auditCheckpoint.findUniqueOrThrow({ where: { day } });
      return { ...cp, headSeq: cp.headSeq.toString(), count: cp.count.toString(), created: false };
    }
    const cp = { id: inserted[0]!.id, day, headSeq: headSeq.toString(), headHash, count: headSeq.toString() };
    await appendAudit(tx, actor, {
      action: "audit.checkpoint_written",
      entityType: "AuditCheckpoint",
      entityId: cp.id,
      after: cp,
      detail: { day, headSeq: cp.headSeq, headHash },
    });
    await enqueueJob(tx, renderAuditCheckpoint, { checkpointId: cp.id });
    return { ...cp, createdAt: inserted[0]!.createdAt, documentId: null, created: true };
  });
}
