import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb, type Db, type Tx } from "~/lib/db.server";

/**
 * Staff change an expert's specialties. The audit entry carries the codes before and after in its detail
 * (codes are not personal data), so the live log shows exactly what changed and who changed it — an
 * expert cannot be moved into or out of a pool quietly.
 */
export async function setExpertSpecialties(actor: Actor, input: { expertId: string; codes: string[] }, db: Db = getDb()) {
  assertCan(actor, "expert.manage");
  const codes = [...new Set(input.codes.map((c) => c.trim().toUpperCase()).filter(Boolean))].sort();
  if (codes.length === 0) throw new DomainError("experts:errors.required", {}, 422, "codes");
  return db.$transaction((tx) => applyExpertSpecialties(tx, actor, { expertId: input.expertId, codes }));
}

/**
 * The write itself, inside the caller's transaction (also used when staff apply an expert's own request,
 * decide-specialty-request.ts, so the change and the request's decision commit together). `codes` are
 * normalised and non-empty; the caller has checked "expert.manage".
 */
export async function applyExpertSpecialties(tx: Tx, actor: Actor, input: { expertId: string; codes: string[] }) {
  assertCan(actor, "expert.manage");
  const codes = input.codes;
  const expert = await tx.expert.findUnique({ where: { id: input.expertId }, include: { specialties: true } });
  if (!expert) throw new DomainError("experts:errors.expertNotFound", {}, 404);
  if ((await tx.specialty.count({ where: { code: { in: codes } } })) !== codes.length) throw new DomainError("experts:errors.unknownSpecialty", {}, 422, "codes");
  const before = expert.specialties.map((s) => s.specialtyCode).sort();
  if (before.join() === codes.join()) return { changed: false, before, after: codes };
  await tx.expertSpecialty.deleteMany({ where: { expertId: expert.id } });
  await tx.expertSpecialty.createMany({ data: codes.map((specialtyCode) => ({ expertId: expert.id, specialtyCode })) });
  await appendAudit(tx, actor, {
    action: "expert.specialties_changed",
    entityType: "Expert",
    entityId: expert.id,
    before: { specialties: before },
    after: { specialties: codes },
    detail: { code: expert.code, before: before.join(","), after: codes.join(","), added: codes.filter((c) => !before.includes(c)).join(","), removed: before.filter((c) => !codes.includes(c)).join(",") },
  });
  return { changed: true, before, after: codes };
}
