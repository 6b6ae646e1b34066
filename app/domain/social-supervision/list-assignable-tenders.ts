import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { statusesIn } from "~/domain/tenders/lot-phases";
import { getDb, type Db } from "~/lib/db.server";

/** Lots still worth watching: public and not yet finished, live or suspended (the phase table's "running"). */
const WATCHABLE = statusesIn("running");

/**
 * The tenders a supervisor may assign a social supervisor to (the register's picker): projects with at
 * least one public, unfinished lot, newest first, each with those lots. The supervisor picks from this list
 * instead of typing a project code (issue 16 item 6).
 */
export async function listAssignableTenders(actor: Actor, deps: { db?: Db } = {}) {
  assertCan(actor, "social_supervisor.manage");
  const db = deps.db ?? getDb();
  const projects = await db.project.findMany({
    where: { lots: { some: { status: { in: [...WATCHABLE] } } } },
    orderBy: { createdAt: "desc" },
    take: 300,
    select: { code: true, title: true, lots: { where: { status: { in: [...WATCHABLE] } }, orderBy: { lotNo: "asc" }, select: { lotNo: true, title: true } } },
  });
  return projects.map((p) => ({ code: p.code, title: p.title, lots: p.lots }));
}
