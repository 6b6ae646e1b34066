import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { socialSupervisorLotIds } from "~/domain/social-supervision/social-scope";
import { isInStaffScope } from "~/domain/tenders/staff-scope";
import type { Db, Tx } from "~/lib/db.server";

/** host: the responsible staff; supervisor: 行政监督; bidder: a registered/bidding company; observer: 社会监督员 (read-only). */
export type HallRole = "host" | "supervisor" | "bidder" | "observer";

/**
 * Who may enter a lot's hall: the lot's bidders (organisations registered for it or with an ACTIVE bid),
 * the responsible staff (STAFF in the project's scope: they host), supervisors, and — read-only, from the
 * bid deadline on — the social supervisors assigned to the lot (their agreement: they observe openings on
 * site or online). Everyone else is refused with the same 403, whether or not the lot exists, so the hall
 * does not reveal who bids.
 */
export async function hallRoleOf(db: Db | Tx, actor: Actor, lotId: string): Promise<HallRole> {
  assertCan(actor, "opening.read");
  const refuse = () => new DomainError("opening:errors.notAdmitted", {}, 403);
  if (!/^[0-9a-f-]{36}$/i.test(lotId)) throw refuse();
  const lot = await db.lot.findUnique({
    where: { id: lotId },
    select: { bidDeadline: true, project: { select: { buyerOrgId: true, agentOrgId: true } } },
  });
  if (!lot) throw refuse();
  if (actor.role === "SUPERVISOR") return "supervisor";
  if (actor.role === "STAFF") {
    if (await isInStaffScope(db, actor, lot.project)) return "host";
    throw refuse();
  }
  if (actor.role === "SOCIAL_SUPERVISOR" && actor.userId) {
    const watched = await socialSupervisorLotIds({ query: async (sql, params) => ({ rows: await db.$queryRawUnsafe(sql, ...params) }) }, actor.userId);
    // Before the deadline the hall would tell who registered; the hall itself only opens at the deadline.
    const [{ now }] = await db.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
    if (watched.includes(lotId.toLowerCase()) && lot.bidDeadline <= now) return "observer";
    throw refuse();
  }
  if (actor.role === "BIDDER" && actor.orgId) {
    const [reg, bid] = await Promise.all([
      db.lotRegistration.findUnique({ where: { lotId_bidderOrgId: { lotId, bidderOrgId: actor.orgId } }, select: { id: true } }),
      db.bid.findFirst({ where: { lotId, bidderOrgId: actor.orgId, status: "ACTIVE" }, select: { id: true } }),
    ]);
    if (reg || bid) return "bidder";
  }
  throw refuse();
}

/** The hall of a lot, for a visitor already admitted; 404 while the hall has not opened. */
export async function loadSession(db: Db | Tx, lotId: string) {
  const s = await db.openingSession.findUnique({ where: { lotId } });
  if (!s) throw new DomainError("opening:errors.hallNotOpen", {}, 404);
  return s;
}

/** Host actions: opening.host and in scope. */
export async function assertHost(db: Db | Tx, actor: Actor, lotId: string): Promise<void> {
  assertCan(actor, "opening.host");
  if ((await hallRoleOf(db, actor, lotId)) !== "host") throw new DomainError("opening:errors.notAdmitted", {}, 403);
}

/** Bidder actions: the actor's organisation must be one of the lot's bidders. */
export async function assertBidder(db: Db | Tx, actor: Actor, lotId: string): Promise<string> {
  assertCan(actor, "opening.attend");
  if ((await hallRoleOf(db, actor, lotId)) !== "bidder" || !actor.orgId) throw new DomainError("opening:errors.notAdmitted", {}, 403);
  return actor.orgId;
}
