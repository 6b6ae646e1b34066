import type { Actor } from "~/domain/actor";
import type { Prisma } from "~/generated/prisma/client";
import type { Db, Tx } from "~/lib/db.server";
import { isCentreStaff } from "./staff-scope";

/**
 * (tender workflow UI) The Prisma filter of the projects a staff member may work on — the list-side twin of
 * isInStaffScope (staff-scope.ts): their own organisation as buyer or agent, or every project for centre
 * staff and supervisors. Lists use it so that nobody sees a row the domain would refuse to act on.
 */
export async function staffProjectWhere(db: Tx | Db, actor: Actor): Promise<Prisma.ProjectWhereInput> {
  if (actor.role === "SUPERVISOR" || actor.role === "SYSTEM") return {};
  if (actor.role !== "STAFF" || !actor.orgId) return { id: { in: [] } };
  if (await isCentreStaff(db, actor)) return {};
  return { OR: [{ buyerOrgId: actor.orgId }, { agentOrgId: actor.orgId }] };
}

/** The next instant of a lot still ahead of `now` (what the staff must watch), with its name. */
export function nextInstant(
  lot: { docsAvailableFrom: Date; docsAvailableTo: Date; clarificationCutoff: Date; objectionCutoff: Date; bidDeadline: Date },
  now: Date,
): { key: "docsFrom" | "docsTo" | "clarification" | "objection" | "deadline"; at: Date } | null {
  const all = [
    { key: "docsFrom" as const, at: lot.docsAvailableFrom },
    { key: "docsTo" as const, at: lot.docsAvailableTo },
    { key: "clarification" as const, at: lot.clarificationCutoff },
    { key: "objection" as const, at: lot.objectionCutoff },
    { key: "deadline" as const, at: lot.bidDeadline },
  ]
    .filter((x) => x.at > now)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  return all[0] ?? null;
}
