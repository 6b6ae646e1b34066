import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { UUID_PATTERN as UUID } from "~/lib/uuid";


/**
 * An expert administrator reveals one expert's full phone and email for a stated need (核实信息, 通知参加
 * 培训…). Written to the audit log with the reason — and not the number, since the log is read and
 * exported by supervisors — before the number is returned: no reveal without its trace.
 */
export async function revealExpertContact(actor: Actor, input: { expertId: string; reason: string }, db: Db = getDb()) {
  assertCan(actor, "expert.contact.reveal");
  const reason = input.reason.trim().slice(0, 200);
  if (reason.length < 2) throw new DomainError("experts:errors.revealReasonRequired", {}, 422, "reason");
  if (!UUID.test(input.expertId)) throw new DomainError("experts:errors.expertNotFound", {}, 404);
  return db.$transaction(async (tx) => {
    const e = await tx.expert.findUnique({ where: { id: input.expertId }, select: { id: true, code: true, name: true, phone: true, email: true } });
    if (!e) throw new DomainError("experts:errors.expertNotFound", {}, 404);
    await appendAudit(tx, actor, { action: "expert.contact_revealed", entityType: "Expert", entityId: e.id, detail: { code: e.code, reason } });
    return { expertId: e.id, code: e.code, name: e.name, phone: e.phone, email: e.email };
  });
}
