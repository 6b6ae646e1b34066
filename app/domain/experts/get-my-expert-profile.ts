import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { getDb, type Db } from "~/lib/db.server";

/**
 * (self-service) The signed-in expert's own record for /expert/profile: masked ID number only (never the
 * encrypted column or its HMAC), specialties with names, leave periods (recent and future), violation
 * records (read-only) and their specialty-change requests. Null when the account has no expert record.
 */
export async function getMyExpertProfile(actor: Actor, db: Db = getDb(), now = new Date()) {
  assertCan(actor, "expert.profile.own");
  if (!actor.userId) return null;
  const e = await db.expert.findUnique({
    where: { userId: actor.userId },
    select: {
      id: true, code: true, name: true, idNumberMasked: true, phone: true, email: true, employerOrgName: true,
      employerCreditCode: true, region: true, title: true, status: true, updatedAt: true,
      specialties: { select: { specialtyCode: true } },
      // Past leave older than 90 days is history nobody needs on this page.
      leaves: { where: { endsAt: { gt: new Date(now.getTime() - 90 * 86_400_000) } }, orderBy: { startsAt: "asc" }, select: { id: true, startsAt: true, endsAt: true, reason: true } },
      violations: { orderBy: { at: "desc" }, select: { id: true, at: true, description: true, until: true } },
      specialtyRequests: { orderBy: { createdAt: "desc" }, take: 10, select: { id: true, codes: true, note: true, status: true, createdAt: true, decidedAt: true, decisionNote: true } },
    },
  });
  if (!e) return null;
  const tree = await db.specialty.findMany({ orderBy: { code: "asc" }, select: { code: true, name: true, nameEn: true, level: true, parentCode: true } });
  const names = new Map(tree.map((s) => [s.code, s]));
  const parents = new Set(tree.map((s) => s.parentCode).filter(Boolean));
  const { specialties, leaves, ...rest } = e;
  return {
    ...rest,
    specialties: specialties.map((s) => ({ code: s.specialtyCode, name: names.get(s.specialtyCode)?.name ?? "", nameEn: names.get(s.specialtyCode)?.nameEn ?? "" })).sort((a, b) => a.code.localeCompare(b.code)),
    leaves: leaves.map((l) => ({ ...l, started: l.startsAt.getTime() <= now.getTime(), ended: l.endsAt.getTime() <= now.getTime() })),
    // Only assignable codes (nodes without children) can be asked for.
    assignable: tree.filter((s) => !parents.has(s.code)).map((s) => ({ code: s.code, name: s.name, nameEn: s.nameEn })),
  };
}
