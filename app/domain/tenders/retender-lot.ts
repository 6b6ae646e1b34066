import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import type { Prisma } from "~/generated/prisma/client";
import { getDb } from "~/lib/db.server";
import { assertUuid } from "./load-lot";
import { assertStaffScope } from "./staff-scope";

/** Appended to the failed lot's title (centres name the re-tendered lot this way). */
export const RETENDER_SUFFIX = "（重新招标）";

/**
 * 重新招标 of a FAILED lot (流标, 实施条例 第四十四条): a new DRAFT lot of the same project carrying the failed
 * lot's terms — title + suffix, description, estimate, ceiling, bond, qualification, evaluation method and
 * criteria, decryption window — and its current tender documents (new TenderDocument rows referencing the
 * same stored Document, no bytes copied). The instants are NOT carried over: they get a placeholder
 * schedule (placeholderSchedule) that submitForReview refuses until staff set new ones;
 * the draft then goes through the normal 一审一核. One re-tender per failed lot (unique retenderOfLotId):
 * a second one is refused with a message naming the existing lot.
 */
export async function retenderLot(actor: Actor, input: { lotId: string }, now = new Date()) {
  assertCan(actor, "tender.create");
  assertUuid(input.lotId);
  return getDb().$transaction(async (tx) => {
    // Lock the failed lot's project: concurrent re-tenders serialise here (lot numbers, the one-only rule).
    const head = await tx.lot.findUnique({ where: { id: input.lotId }, select: { projectId: true } });
    if (!head) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
    await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${head.projectId}::uuid FOR UPDATE`;
    const failed = await tx.lot.findUniqueOrThrow({
      where: { id: input.lotId },
      include: { project: true, documents: { where: { withdrawnAt: null }, orderBy: { createdAt: "asc" } }, retenderedBy: { select: { id: true, title: true } } },
    });
    await assertStaffScope(tx, actor, failed.project);
    if (failed.status !== "FAILED") throw new DomainError("tenders:errors.retenderNotFailed", { status: failed.status }, 409);
    if (failed.retenderedBy) {
      throw new DomainError("tenders:errors.alreadyRetendered", { title: failed.retenderedBy.title, lotId: failed.retenderedBy.id }, 409);
    }

    const last = await tx.lot.aggregate({ where: { projectId: failed.projectId }, _max: { lotNo: true } });
    const title = `${failed.title}${RETENDER_SUFFIX}`.slice(0, 200);
    const lot = await tx.lot.create({
      data: {
        projectId: failed.projectId,
        lotNo: (last._max.lotNo ?? 0) + 1,
        title,
        description: failed.description,
        estimatedPriceFen: failed.estimatedPriceFen,
        ceilingPriceFen: failed.ceilingPriceFen,
        bondFen: failed.bondFen,
        qualification: failed.qualification,
        evaluationMethod: failed.evaluationMethod,
        criteria: (failed.criteria ?? []) as Prisma.InputJsonValue,
        decryptionWindowMinutes: failed.decryptionWindowMinutes,
        ...placeholderSchedule(now),
        authorId: actor.userId,
        retenderOfLotId: failed.id,
      },
    });
    if (failed.documents.length) {
      await tx.tenderDocument.createMany({
        data: failed.documents.map((d) => ({ lotId: lot.id, documentId: d.documentId, sha256: d.sha256, name: d.name, size: d.size, uploadedById: d.uploadedById })),
      });
    }
    await appendAudit(tx, actor, {
      action: "lot.retendered",
      entityType: "Lot",
      entityId: lot.id,
      after: lot,
      detail: { retenderOfLotId: failed.id, projectCode: failed.project.code, lotNo: lot.lotNo, documents: failed.documents.length },
    });
    return lot;
  });
}

/**
 * The instants of a re-tender draft before staff set them: the creation instant, and 1 ms later for the
 * other four (the table's CHECK wants docsAvailableFrom < docsAvailableTo ≤ bidDeadline). No form can
 * produce it (the form works in minutes), so scheduleUnset recognises it.
 */
export function placeholderSchedule(now: Date) {
  const end = new Date(now.getTime() + 1);
  return { docsAvailableFrom: now, docsAvailableTo: end, clarificationCutoff: end, objectionCutoff: end, bidDeadline: end };
}

/** A re-tender draft whose schedule staff have not set yet (still placeholderSchedule's). */
export function scheduleUnset(lot: {
  retenderOfLotId: string | null;
  docsAvailableFrom: Date;
  docsAvailableTo: Date;
  clarificationCutoff: Date;
  objectionCutoff: Date;
  bidDeadline: Date;
}): boolean {
  if (!lot.retenderOfLotId) return false;
  const p = placeholderSchedule(lot.docsAvailableFrom);
  return (["docsAvailableTo", "clarificationCutoff", "objectionCutoff", "bidDeadline"] as const).every((k) => lot[k].getTime() === p[k].getTime());
}
