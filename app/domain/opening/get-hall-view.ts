import { requireOrgId, type Actor } from "~/domain/actor";
import { getDb, type Db } from "~/lib/db.server";
import { hallRoleOf, loadSession, type HallRole } from "./hall-access";
import { buildReading, type ReadingRow } from "./reading";

const AFTER_READING = ["READING", "CONFIRMING", "CLOSED"];

/**
 * What one visitor sees of a hall (the page's loader; live updates then come from the event stream).
 * Host and supervisors see names, faults and attendance; a bidder sees its own bid and the others as
 * "投标人 N" until the 唱标, and never another bidder's price before it.
 */
export async function getHallView(actor: Actor, input: { lotId: string }, deps: { db?: Db } = {}) {
  const db = deps.db ?? getDb();
  const role: HallRole = await hallRoleOf(db, actor, input.lotId);
  const s = await loadSession(db, input.lotId);
  // Host and supervisors see names; a social supervisor watches from the deadline on (the bidders are no
  // longer secret then — on site it would see who attends) but gets nothing a bidder's key or fault reveals.
  const staffView = role === "host" || role === "supervisor";
  const namesView = role !== "bidder";
  const [lot, att, ds, objections, confirmations, now, supervisors] = await Promise.all([
    db.lot.findUniqueOrThrow({
      where: { id: input.lotId },
      select: { id: true, title: true, projectId: true, project: { select: { code: true, title: true } }, retenderedBy: { select: { id: true, title: true } } },
    }),
    db.openingAttendance.findMany({ where: { sessionId: s.id }, orderBy: { signedInAt: "asc" } }),
    db.bidDecryption.findMany({ where: { sessionId: s.id }, orderBy: { ordinal: "asc" } }),
    db.hallObjection.findMany({ where: { sessionId: s.id }, orderBy: { raisedAt: "asc" } }),
    db.recordConfirmation.findMany({ where: { sessionId: s.id } }),
    db.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`,
    // 监督签到: who of the supervisors signed in to this opening (shown to host and supervisors).
    namesView ? db.supervisorAttendance.findMany({ where: { kind: "OPENING", refId: s.id }, orderBy: { at: "asc" } }) : Promise.resolve([]),
  ]);
  const supervisorNames = new Map(
    (await db.user.findMany({ where: { id: { in: supervisors.map((x) => x.supervisorId) } }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]),
  );
  const orgIds = [...new Set([...att.map((a) => a.orgId), ...ds.map((d) => d.bidderOrgId)])];
  const names = namesView
    ? new Map((await db.organisation.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]))
    : new Map<string, string>();
  const ordinalOf = new Map(ds.map((d) => [d.bidderOrgId, d.ordinal]));
  const reading: ReadingRow[] | null = AFTER_READING.includes(s.state) ? await buildReading(db, s.id) : null;
  const own = role === "bidder" ? ds.find((d) => d.bidderOrgId === actor.orgId) ?? null : null;
  // 流标: the notice everyone may read, and for the host the way to tender the lot again (retenderLot).
  const failedNotice =
    s.state === "FAILED"
      ? await db.announcement.findFirst({ where: { lotId: input.lotId, kind: "FAILED" }, orderBy: { publishedAt: "desc" }, select: { id: true, title: true } })
      : null;
  const ownBid =
    role === "bidder" && !own
      ? await db.bid.findFirst({ where: { lotId: input.lotId, bidderOrgId: requireOrgId(actor), status: "ACTIVE" }, select: { id: true } })
      : null;

  return {
    role,
    serverNow: now[0]!.now.toISOString(),
    lot: { id: lot.id, title: lot.title, projectCode: lot.project.code, projectTitle: lot.project.title },
    failure:
      s.state === "FAILED"
        ? {
            bidCount: s.bidCount ?? 0,
            announcement: failedNotice,
            // 重新招标 (the host only): offered once; afterwards the link to the lot it became.
            canRetender: role === "host" && !lot.retenderedBy,
            retenderedAs: role === "host" ? lot.retenderedBy : null,
          }
        : null,
    session: {
      id: s.id,
      state: s.state,
      lastSeq: s.lastSeq,
      openedAt: s.openedAt.toISOString(),
      decryptionEndsAt: s.decryptionEndsAt?.toISOString() ?? null,
      confirmationEndsAt: s.confirmationEndsAt?.toISOString() ?? null,
      bidCount: s.bidCount,
      recordDocumentId: s.recordDocumentId,
    },
    attendance: {
      count: att.length,
      signedIn: role === "bidder" && att.some((a) => a.orgId === actor.orgId),
      list: namesView ? att.map((a) => ({ name: names.get(a.orgId) ?? a.orgId, at: a.signedInAt.toISOString() })) : [],
    },
    supervision: {
      /** The visiting supervisor has signed in (监督签到); null for everyone else. */
      signedIn: role === "supervisor" ? supervisors.some((x) => x.supervisorId === actor.userId) : null,
      list: namesView ? supervisors.map((x) => ({ name: supervisorNames.get(x.supervisorId) ?? "", at: x.at.toISOString() })) : [],
    },
    bids: ds.map((d) => ({
      ordinal: d.ordinal,
      status: d.status,
      mine: own?.id === d.id,
      bidId: staffView || own?.id === d.id ? d.bidId : null,
      name: namesView || reading ? (names.get(d.bidderOrgId) ?? reading?.find((r) => r.ordinal === d.ordinal)?.bidderName ?? null) : null,
      attempts: staffView || own?.id === d.id ? d.attempts : null,
      fault: d.fault,
      faultReason: staffView ? d.faultReason : null,
    })),
    ownBid: own
      ? {
          bidId: own.bidId,
          ordinal: own.ordinal,
          status: own.status,
          totalPriceFen: own.totalPriceFen?.toString() ?? null,
          lastError: own.lastError,
        }
      : ownBid
        ? { bidId: ownBid.id, ordinal: null, status: null, totalPriceFen: null, lastError: null }
        : null,
    reading,
    objections: objections.map((o) => ({
      id: o.id,
      text: o.text,
      ordinal: ordinalOf.get(o.orgId) ?? null,
      by: namesView ? (names.get(o.orgId) ?? null) : null,
      mine: o.orgId === actor.orgId,
      raisedAt: o.raisedAt.toISOString(),
      answer: o.answer,
      answeredAt: o.answeredAt?.toISOString() ?? null,
    })),
    confirmations: confirmations.map((c) => ({ ordinal: ordinalOf.get(c.orgId) ?? null, kind: c.kind, reason: c.reason, mine: c.orgId === actor.orgId })),
  };
}

export type HallView = Awaited<ReturnType<typeof getHallView>>;
