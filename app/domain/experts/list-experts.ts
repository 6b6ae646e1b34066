import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import type { Prisma } from "~/generated/prisma/client";
import type { ExpertStatus } from "~/generated/prisma/enums";
import { getDb, type Db } from "~/lib/db.server";
import { maskPhone } from "./mask-contact";

export interface ListExpertsFilter {
  q?: string;
  /** A specialty code: that node and everything under it (codes are prefixes of their children). */
  specialty?: string;
  status?: ExpertStatus;
}

/**
 * (draw UI) The pool list for the centre's expert administrators: masked ID numbers and phones only (a
 * full number through revealExpertContact, audited), never the encrypted column; first 200 rows of a
 * filter, with the total. Draw membership is not shown here: nobody here may learn who was drawn.
 */
export async function listExperts(actor: Actor, f: ListExpertsFilter, db: Db = getDb()) {
  assertCan(actor, "expert.manage");
  const q = f.q?.trim();
  const where: Prisma.ExpertWhereInput = {
    ...(f.status ? { status: f.status } : {}),
    ...(f.specialty ? { specialties: { some: { specialtyCode: { startsWith: f.specialty.toUpperCase() } } } } : {}),
    ...(q
      ? { OR: [{ name: { contains: q } }, { employerOrgName: { contains: q } }, { code: { equals: q.toUpperCase() } }] }
      : {}),
  };
  const total = await db.expert.count({ where });
  const rows = await db.expert.findMany({
    where,
    orderBy: { code: "asc" },
    take: 200,
    select: {
      id: true, code: true, name: true, idNumberMasked: true, phone: true, employerOrgName: true, title: true, status: true,
      specialties: { select: { specialtyCode: true } },
    },
  });
  const specialties = await db.specialty.findMany({ orderBy: { code: "asc" }, select: { code: true, name: true, level: true } });
  return {
    total,
    rows: rows.map(({ specialties: s, phone, ...r }) => ({ ...r, phone: maskPhone(phone), specialties: s.map((x) => x.specialtyCode).sort() })),
    specialties,
  };
}
