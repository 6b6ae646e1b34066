import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";

/**
 * The 评标报告 PDF for a reader entitled to it: a seated (or signed-in) member of the lot's committee, or
 * a supervisor. Staff do not read it through here: it names the experts, which stay secret until the
 * result (the award area hands it on once the result is announced). Every read is audited.
 */
export async function findEvaluationReport(actor: Actor, input: { lotId: string }, db: Db = getDb()) {
  const s = await db.evaluationSession.findUnique({ where: { lotId: input.lotId } });
  if (!s?.reportDocumentId) throw new DomainError("evaluation:errors.notFound", {}, 404);
  if (actor.role !== "SUPERVISOR") {
    const m = actor.userId ? await db.evaluationMember.findFirst({ where: { sessionId: s.id, userId: actor.userId, status: "SEATED", signedInAt: { not: null } } }) : null;
    if (!m) throw new DomainError("evaluation:errors.notFound", {}, 404);
  }
  const doc = await db.document.findUniqueOrThrow({ where: { id: s.reportDocumentId } });
  await db.$transaction((tx) => appendAudit(tx, actor, { action: "document.read", entityType: "Document", entityId: doc.id, detail: { kind: doc.kind, lotId: input.lotId } }));
  return doc;
}
