import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import type { LotStatus } from "~/generated/prisma/enums";
import { getDb } from "~/lib/db.server";
import { LOT_STATUSES } from "./lot-lifecycle";
import { nextInstant, staffProjectWhere } from "./staff-lot-scope";

/**
 * (tender workflow UI) The staff dashboard: the caller's projects and lots (scope as staff-lot-scope.ts),
 * counts per status, each lot's next instant, and what waits for people — open questions and objections.
 * Read-only; registrations stay out of it (they have their own audited read, getRegisteredBidders).
 */
export async function listStaffLots(actor: Actor, input: { status?: string | null } = {}, now = new Date()) {
  assertCan(actor, "tender.read_internal");
  const db = getDb();
  const projectWhere = await staffProjectWhere(db, actor);
  const status = LOT_STATUSES.includes(input.status as LotStatus) ? (input.status as LotStatus) : undefined;

  const [projects, grouped, lots] = await Promise.all([
    db.project.findMany({
      where: projectWhere,
      orderBy: { createdAt: "desc" },
      take: 200,
      select: { id: true, code: true, title: true, procurementType: true, createdAt: true, _count: { select: { lots: true } } },
    }),
    db.lot.groupBy({ by: ["status"], where: { project: projectWhere }, _count: { _all: true } }),
    db.lot.findMany({
      where: { project: projectWhere, ...(status ? { status } : {}) },
      orderBy: [{ updatedAt: "desc" }],
      take: 200,
      select: {
        id: true, lotNo: true, title: true, status: true, authorId: true, rejectionReason: true, ceilingPriceFen: true,
        docsAvailableFrom: true, docsAvailableTo: true, clarificationCutoff: true, objectionCutoff: true, bidDeadline: true,
        project: { select: { id: true, code: true, title: true } },
        _count: { select: { questions: { where: { answeredAt: null } }, objections: { where: { answeredAt: null } } } },
      },
    }),
  ]);
  const counts = Object.fromEntries(grouped.map((g) => [g.status, g._count._all])) as Partial<Record<LotStatus, number>>;
  return {
    serverNow: now,
    counts,
    projects: projects.map((p) => ({ ...p, lotCount: p._count.lots })),
    lots: lots.map(({ _count, docsAvailableFrom, docsAvailableTo, clarificationCutoff, objectionCutoff, ...l }) => ({
      ...l,
      mine: l.authorId === actor.userId,
      openQuestions: _count.questions,
      openObjections: _count.objections,
      next: nextInstant({ docsAvailableFrom, docsAvailableTo, clarificationCutoff, objectionCutoff, bidDeadline: l.bidDeadline }, now),
    })),
  };
}
