import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { dbNow } from "~/domain/bids/db-clock";
import { DomainError } from "~/domain/errors";
import { signInSupervisor } from "~/domain/social-supervision/sign-in-supervisor";
import { getDb, type Db } from "~/lib/db.server";
import { assertBidder, loadSession } from "./hall-access";
import { hallTx } from "./hall-tx";

/**
 * 签到: a bidder organisation signs in to the hall (once; a second sign-in is a no-op). A supervisor's
 * sign-in records its attendance instead (重大项目现场监督, social-supervision/sign-in-supervisor.ts).
 */
export async function signIn(actor: Actor, input: { lotId: string }, deps: { db?: Db } = {}) {
  assertCan(actor, "opening.attend");
  const db = deps.db ?? getDb();
  if (actor.role === "SUPERVISOR") return signInSupervisor(actor, input, { db });
  const orgId = await assertBidder(db, actor, input.lotId);
  const s = await loadSession(db, input.lotId);
  if (s.state === "CLOSED" || s.state === "FAILED") throw new DomainError("opening:errors.wrongStep", { state: s.state, event: "sign_in" }, 409);
  return hallTx(s.id, async (tx, emit) => {
    // Sign-ins of several bidders at once: the session row lock (taken by every event append anyway) is
    // taken first, so each transaction counts the attendance committed before it — 1, 2, 3, not 1, 1, 1.
    await tx.$queryRaw`SELECT id FROM "OpeningSession" WHERE id = ${s.id}::uuid FOR UPDATE`;
    const now = await dbNow(tx);
    const r = await tx.openingAttendance.createMany({
      data: [{ sessionId: s.id, orgId, userId: actor.userId, signedInAt: now, ip: actor.ip.slice(0, 64) }],
      skipDuplicates: true,
    });
    if (r.count === 0) return { signedIn: false };
    const count = await tx.openingAttendance.count({ where: { sessionId: s.id } });
    await emit("attendance.signed_in", { count });
    await appendAudit(tx, actor, { action: "opening.signed_in", entityType: "OpeningSession", entityId: s.id, detail: { lotId: input.lotId, orgId } });
    return { signedIn: true };
  }, db);
}
