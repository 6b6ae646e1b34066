import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { notify } from "~/domain/notify/notify";
import { enqueueJob } from "~/jobs/enqueue-job";
import { drawAvoidanceRecheck } from "./jobs";
import { getDb, type Db, type Tx } from "~/lib/db.server";
import { assertWorker } from "./assert-worker";
import { fillSeat } from "./call-next-backup";
import { loadDrawParties } from "./draw-facts";

/** Seats still in play: a conflict found among these must be avoided (declined/timed-out ones are gone). */
const LIVE = ["STANDBY", "NOTIFIED", "CONFIRMED"] as const;
type Reason = "bidder" | "buyer" | "agent" | "projectPeople";

export interface RecheckResult {
  outcome: "NO_DRAW" | "CLEAN" | "AVOIDED";
  avoided: number;
  /** What filled each vacated seat (fillSeat outcomes, in seat order). */
  filled: string[];
}

/**
 * 回避复核: a draw made before the bid deadline could only avoid the bidders registered by then. Once the
 * bidders are known (deadline passed, or a draw made/finalised after it) every drawn expert still in play is
 * checked again against the parties' organisations (employers' credit codes) and people. A conflicting
 * expert becomes AVOIDED; a seat holder's seat goes to the next backup of the specialty (fillSeat: or a
 * supplementary draw, alerted, when the backups are used up); a called expert is told the call is withdrawn
 * (announceWithdrawal, no reason given). Nothing names the expert in the audit detail
 * (the live log is read before the result is final). Idempotent: a second run finds nobody to avoid.
 */
export async function recheckDrawAvoidance(actor: Actor, input: { lotId: string }, db: Db = getDb()): Promise<RecheckResult> {
  assertWorker(actor);
  return db.$transaction((tx) => recheckInTx(tx, actor, input.lotId), { timeout: 30_000, maxWait: 10_000 });
}

/** The same inside a caller's transaction (finalizeDraw re-checks before it closes the draw). */
export async function recheckInTx(tx: Tx, actor: Actor, lotId: string): Promise<RecheckResult> {
  const draws = await tx.draw.findMany({
    where: { lotId, status: { in: ["DRAWN", "FINAL"] } },
    select: { id: true, status: true, evaluationAt: true, evaluationPlace: true },
    orderBy: { seq: "asc" },
  });
  if (draws.length === 0) return { outcome: "NO_DRAW", avoided: 0, filled: [] };
  // Draw rows in a fixed order, as fillSeat locks them: no deadlock with a concurrent backup call.
  for (const d of draws) await tx.$executeRaw`SELECT 1 FROM "Draw" WHERE id = ${d.id}::uuid FOR UPDATE`;
  const parties = await loadDrawParties(tx, lotId);
  const members = await tx.drawMember.findMany({
    where: { drawId: { in: draws.map((d) => d.id) }, status: { in: [...LIVE] } },
    orderBy: [{ drawId: "asc" }, { specialtyCode: "asc" }, { rank: "asc" }],
  });
  const experts = await tx.expert.findMany({
    where: { id: { in: members.map((m) => m.expertId) } },
    select: { id: true, employerCreditCode: true, userId: true, phone: true, email: true },
  });
  const reasonOf = conflictChecker(parties);
  const byId = new Map(experts.map((e) => [e.id, e]));
  const conflicts = members.flatMap((m) => {
    const reason = reasonOf(byId.get(m.expertId));
    return reason ? [{ m, reason }] : [];
  });
  if (conflicts.length === 0) return { outcome: "CLEAN", avoided: 0, filled: [] };

  // First every conflicting expert leaves (standby backups included), then the seats are filled: a seat
  // must never pass to a backup who is about to be avoided too.
  const drawOf = new Map(draws.map((d) => [d.id, d]));
  for (const { m, reason } of conflicts) {
    await tx.drawMember.update({ where: { id: m.id }, data: { status: "AVOIDED" } });
    await appendAudit(tx, actor, {
      action: "draw.member_avoided",
      entityType: "DrawMember",
      entityId: m.id,
      before: { status: m.status },
      after: { status: "AVOIDED" },
      detail: { drawId: m.drawId, lotId, specialty: m.specialtyCode, role: m.role, rank: m.rank, reason, recheck: true },
    });
    if (m.status !== "STANDBY") await announceWithdrawal(tx, drawOf.get(m.drawId)!, m, byId.get(m.expertId)!);
  }
  const filled: string[] = [];
  for (const { m } of conflicts) {
    if (m.status === "STANDBY") continue; // a backup never called held no seat
    filled.push((await fillSeat(tx, actor, m.id)).outcome);
  }
  return { outcome: "AVOIDED", avoided: conflicts.length, filled };
}

/**
 * Tells an expert who was called (NOTIFIED or CONFIRMED) that the call is withdrawn, on the channels of the
 * call (announceCalls). Time and place only: never the lot, the reason or any party — naming the bidder (or
 * saying "your employer bids") would leak who bids before the opening.
 */
async function announceWithdrawal(
  tx: Tx,
  draw: { evaluationAt: Date; evaluationPlace: string },
  m: { id: string; expertId: string; specialtyCode: string },
  e: { userId: string | null; phone: string; email: string },
) {
  const params = { evaluationAt: draw.evaluationAt, place: draw.evaluationPlace, specialty: m.specialtyCode };
  await tx.expertNotice.create({
    data: { expertId: m.expertId, drawMemberId: m.id, kind: "DRAW_WITHDRAWN", params: { ...params, evaluationAt: draw.evaluationAt.toISOString() } },
  });
  await notify(tx, {
    recipients: e.userId ? { userIds: [e.userId] } : { contacts: [{ phone: e.phone, email: e.email }] },
    template: "experts:notify.drawWithdrawn",
    params,
    channels: ["inapp", "sms", "email"],
    entity: { type: "DrawMember", id: m.id },
    link: "/expert",
    dedupeKey: `draw-withdrawn-${m.id}`,
  });
}

function conflictChecker(parties: Awaited<ReturnType<typeof loadDrawParties>>) {
  const sets: [Reason, Set<string>][] = [
    ["bidder", new Set(parties.bidderCreditCodes)],
    ["buyer", new Set(parties.buyerCreditCodes)],
    ["agent", new Set(parties.agentCreditCodes)],
  ];
  const people = new Set(parties.projectUserIds);
  return (e: { employerCreditCode: string; userId: string | null } | undefined): Reason | null => {
    if (!e) return null;
    for (const [reason, codes] of sets) if (codes.has(e.employerCreditCode)) return reason;
    return e.userId && people.has(e.userId) ? "projectPeople" : null;
  };
}

/**
 * Enqueues the re-check (outbox, caller's transaction) when the lot has a draw with experts to check;
 * `reason` keys the job ("deadline", "drawn-<drawId>") so a repeated trigger queues it once.
 */
export async function enqueueAvoidanceRecheck(tx: Tx, lotId: string, reason: string): Promise<boolean> {
  const n = await tx.draw.count({ where: { lotId, status: { in: ["AWAITING_ENTROPY", "DRAWN", "FINAL"] } } });
  if (n === 0) return false;
  await enqueueJob(tx, drawAvoidanceRecheck, { lotId, reason });
  return true;
}
