import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { assertUuid } from "./load-lot";
import { nextInstant } from "./staff-lot-scope";
import { assertStaffScope } from "./staff-scope";

/** (tender workflow UI) A project with its lots for the responsible staff (scope-checked). */
export async function getStaffProject(actor: Actor, input: { projectId: string }, now = new Date()) {
  assertCan(actor, "tender.read_internal");
  assertUuid(input.projectId, "tenders:errors.projectNotFound");
  const db = getDb();
  const project = await db.project.findUnique({
    where: { id: input.projectId },
    include: { lots: { orderBy: { lotNo: "asc" } } },
  });
  if (!project) throw new DomainError("tenders:errors.projectNotFound", {}, 404);
  await assertStaffScope(db, actor, project);
  const orgs = await db.organisation.findMany({
    where: { id: { in: [project.buyerOrgId, ...(project.agentOrgId ? [project.agentOrgId] : [])] } },
    select: { id: true, name: true },
  });
  const { lots, ...p } = project;
  return {
    serverNow: now,
    project: {
      ...p,
      buyerName: orgs.find((o) => o.id === p.buyerOrgId)?.name ?? "",
      agentName: orgs.find((o) => o.id === p.agentOrgId)?.name ?? null,
    },
    lots: lots.map((l) => ({
      id: l.id, lotNo: l.lotNo, title: l.title, status: l.status, ceilingPriceFen: l.ceilingPriceFen,
      bidDeadline: l.bidDeadline, next: nextInstant(l, now),
    })),
  };
}
