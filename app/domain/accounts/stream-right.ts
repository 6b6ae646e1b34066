import type { Actor } from "~/domain/actor";
import { getDb, type Db } from "~/lib/db.server";
import { sessionIdOf } from "./sessions";

/**
 * Whether a live stream opened by `actor` with session `token` may go on (issue 13: streams outlive no
 * right). The session must still exist (logout deletes it; a disable, password change or TOTP reset ends
 * every session), be within its absolute lifetime, have passed the second factor, its user be ACTIVE and
 * still hold the role and organisation the stream was opened with; `stillAdmitted` re-asks the stream's
 * own admission (a social supervisor's appointment, the hall's admission) and refuses by throwing.
 * The idle timeout is not applied: watching a stream is using the portal; it does not slide the timer either.
 */
export async function streamRightHolds(
  token: string | null,
  actor: Actor,
  stillAdmitted?: () => Promise<unknown>,
  db: Db = getDb(),
  now = new Date(),
): Promise<boolean> {
  if (!token || !actor.userId) return false;
  const s = await db.session.findUnique({
    where: { id: sessionIdOf(token) },
    select: { expiresAt: true, mfaPassed: true, userId: true, user: { select: { status: true, role: true, orgId: true } } },
  });
  if (!s || s.userId !== actor.userId || !s.mfaPassed || s.expiresAt <= now) return false;
  if (s.user.status !== "ACTIVE" || s.user.role !== actor.role || s.user.orgId !== actor.orgId) return false;
  if (stillAdmitted) {
    try {
      await stillAdmitted();
    } catch {
      return false;
    }
  }
  return true;
}
