import type { Actor } from "~/domain/actor";
import { assertCan, can } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import type { DrawMemberRole, DrawMemberStatus, DrawStatus, DrawKind } from "~/generated/prisma/enums";
import { getDb, type Db } from "~/lib/db.server";
import { dbNow } from "~/domain/bids/db-clock";
import { drawNamesFor, isResultOut, type DrawNames } from "./draw-names";
import { assertDrawScope } from "./draw-scope";
import { staffProjectWhere } from "~/domain/tenders/staff-lot-scope";

/**
 * One draw as the reader may see it, sealed by drawNamesFor (draw-names.ts: who learns which names when):
 * before that, staff get seats with specialty, role and status, never names or expert codes (which they
 * could look up). Experts see their own assignment through listMyAssignments, never this view. Tested per
 * role in test/integration/draw-sealed.test.ts.
 */
export interface DrawSeat {
  memberId: string;
  specialtyCode: string;
  role: DrawMemberRole;
  rank: number;
  status: DrawMemberStatus;
  respondBy: Date | null;
  replacesId: string | null;
  /** Present only when names are visible to the reader; fields the reader may not see are "". */
  expert?: { code: string; name: string; title: string; employer: string; phone: string };
}

export interface DrawView {
  id: string;
  lotId: string;
  lotLabel: string;
  seq: number;
  kind: DrawKind;
  status: DrawStatus;
  parentDrawId: string | null;
  committeeMembers: number;
  evaluationAt: Date;
  evaluationPlace: string;
  responseMinutes: number;
  commitment: string;
  entropyEntered: boolean;
  requestedAt: Date;
  drawnAt: Date | null;
  finalizedAt: Date | null;
  cancelReason: string | null;
  avoidance: Record<string, number>;
  pools: { position: number; specialtyCode: string; specialtyName: string; members: number; backups: number; count: number; digest: string }[];
  /** What of the names the reader sees (draw-names.ts). */
  names: DrawNames;
  resultFinal: boolean;
  seats: DrawSeat[];
  counts: Record<DrawMemberStatus, number>;
  documentId: string | null;
}

export async function getDraw(actor: Actor, drawId: string, db: Db = getDb()): Promise<DrawView> {
  if (!can(actor.role, "draw.names.read")) assertCan(actor, "draw.request");
  const draw = await db.draw.findUnique({
    where: { id: drawId },
    include: { pools: { orderBy: { position: "asc" } }, members: { orderBy: [{ specialtyCode: "asc" }, { rank: "asc" }] } },
  });
  if (!draw) throw new DomainError("experts:errors.drawNotFound", {}, 404);
  // Staff read only the draws of their own projects (supervisors pass): same scope as acting on them.
  await assertDrawScope(db, actor, draw.lotId);
  const lot = await db.lot.findUnique({ where: { id: draw.lotId }, select: { status: true, title: true, project: { select: { code: true, title: true } } } });
  const resultFinal = isResultOut(lot?.status);
  const names = await drawNamesFor(db, actor, { lotStatus: lot?.status ?? null, evaluationAt: draw.evaluationAt, now: await dbNow(db) });
  const namedMembers = draw.members.filter((m) => names !== "none" && (names !== "signIn" || m.status === "CONFIRMED"));
  const experts = namedMembers.length
    ? await db.expert.findMany({
        where: { id: { in: namedMembers.map((m) => m.expertId) } },
        select: { id: true, code: true, name: true, title: true, employerOrgName: true, phone: true },
      })
    : [];
  const byId = new Map(experts.map((e) => [e.id, e]));
  const specialties = await db.specialty.findMany({ where: { code: { in: draw.pools.map((p) => p.specialtyCode) } }, select: { code: true, name: true } });
  const nameOf = new Map(specialties.map((s) => [s.code, s.name]));
  const counts = { STANDBY: 0, NOTIFIED: 0, CONFIRMED: 0, DECLINED: 0, TIMED_OUT: 0, AVOIDED: 0 } as Record<DrawMemberStatus, number>;
  for (const m of draw.members) counts[m.status]++;
  return {
    id: draw.id,
    lotId: draw.lotId,
    lotLabel: lot ? `${lot.project.code} ${lot.project.title}（${lot.title}）` : draw.lotId,
    seq: draw.seq,
    kind: draw.kind,
    status: draw.status,
    parentDrawId: draw.parentDrawId,
    committeeMembers: draw.committeeMembers,
    evaluationAt: draw.evaluationAt,
    evaluationPlace: draw.evaluationPlace,
    responseMinutes: draw.responseMinutes,
    commitment: draw.commitment,
    entropyEntered: draw.supervisorEntropy !== null,
    requestedAt: draw.requestedAt,
    drawnAt: draw.drawnAt,
    finalizedAt: draw.finalizedAt,
    cancelReason: draw.cancelReason,
    avoidance: draw.avoidance as Record<string, number>,
    pools: draw.pools.map((p) => ({
      position: p.position, specialtyCode: p.specialtyCode, specialtyName: nameOf.get(p.specialtyCode) ?? "", members: p.members, backups: p.backups, count: p.codes.length, digest: p.digest,
    })),
    names,
    resultFinal,
    seats: draw.members.map((m) => {
      const e = byId.get(m.expertId);
      const seat: DrawSeat = {
        memberId: m.id, specialtyCode: m.specialtyCode, role: m.role, rank: m.rank, status: m.status, respondBy: m.respondBy, replacesId: m.replacesId,
      };
      if (e && names === "full") seat.expert = { code: e.code, name: e.name, title: e.title, employer: e.employerOrgName, phone: e.phone };
      else if (e && names === "result") seat.expert = { code: e.code, name: e.name, title: e.title, employer: e.employerOrgName, phone: "" };
      else if (e && names === "signIn") seat.expert = { code: "", name: e.name, title: "", employer: "", phone: "" };
      return seat;
    }),
    counts,
    documentId: draw.documentId,
  };
}

/** Draws of a lot (or the latest ones), newest first: numbers and statuses only, for every reader. */
export async function listDraws(actor: Actor, input: { lotId?: string; status?: DrawStatus } = {}, db: Db = getDb()) {
  if (!can(actor.role, "draw.names.read")) assertCan(actor, "draw.request");
  // Staff outside the centre: only their projects' lots ({} = every project).
  const project = await staffProjectWhere(db, actor);
  const scoped = Object.keys(project).length > 0
    ? (await db.lot.findMany({ where: { project, ...(input.lotId ? { id: input.lotId } : {}) }, select: { id: true } })).map((l) => l.id)
    : null;
  const rows = await db.draw.findMany({
    where: {
      ...(scoped ? { lotId: { in: scoped } } : input.lotId ? { lotId: input.lotId } : {}),
      ...(input.status ? { status: input.status } : {}),
    },
    orderBy: { requestedAt: "desc" },
    take: 100,
    select: { id: true, lotId: true, seq: true, kind: true, status: true, evaluationAt: true, evaluationPlace: true, commitment: true, requestedAt: true, _count: { select: { members: true } } },
  });
  const lots = await db.lot.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.lotId))] } }, select: { id: true, title: true, project: { select: { code: true } } } });
  const label = new Map(lots.map((l) => [l.id, `${l.project.code}（${l.title}）`]));
  return rows.map(({ _count, ...r }) => ({ ...r, lotLabel: label.get(r.lotId) ?? r.lotId, seats: _count.members }));
}
