import type { Actor } from "~/domain/actor";
import { parseOrThrow } from "~/domain/accounts/field-errors";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { lockOwnExpert } from "./own-expert";
import { specialtyRequestSchema, type SpecialtyRequestInput } from "./profile-schemas";

/**
 * (self-service) The expert ASKS for a specialty change: the full set of codes wanted plus an explanation.
 * Nothing about their specialties changes here — an expert choosing their own pools would be choosing
 * which projects they may be drawn for. Staff apply or reject it (decide-specialty-request.ts). One
 * pending request at a time (a partial unique index backs this up).
 */
export async function requestSpecialtyChange(actor: Actor, input: Omit<SpecialtyRequestInput, "intent">, db: Db = getDb()) {
  assertCan(actor, "expert.profile.update");
  const v = parseOrThrow(specialtyRequestSchema, { ...input, intent: "requestSpecialties" });
  return db.$transaction(async (tx) => {
    const e = await lockOwnExpert(tx, actor);
    const known = await tx.specialty.findMany({ where: { code: { in: v.codes } }, select: { code: true } });
    if (known.length !== v.codes.length) throw new DomainError("experts:errors.unknownSpecialty", {}, 422, "codes");
    // Only leaves are assigned to experts: a parent code would silently mean "all of them".
    if (await tx.specialty.count({ where: { parentCode: { in: v.codes } } })) throw new DomainError("experts:errors.specialtyNotLeaf", {}, 422, "codes");
    if (await tx.expertSpecialtyRequest.count({ where: { expertId: e.id, status: "PENDING" } }))
      throw new DomainError("experts:errors.specialtyRequestPending", {}, 409);
    const r = await tx.expertSpecialtyRequest.create({ data: { expertId: e.id, codes: v.codes, note: v.note } });
    await appendAudit(tx, actor, {
      action: "expert.specialty_change_requested",
      entityType: "ExpertSpecialtyRequest",
      entityId: r.id,
      after: { codes: v.codes, note: v.note },
      detail: { code: e.code, codes: v.codes.join(",") },
    });
    return { requestId: r.id };
  });
}
