import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { getDb } from "~/lib/db.server";
import { sessionIdOf } from "./sessions";

/** Logout: deletes the session row (the cookie becomes worthless at once) and audits it. */
export async function endSession(actor: Actor, input: { token: string }): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const s = await tx.session.findUnique({ where: { id: sessionIdOf(input.token) }, include: { user: { select: { username: true } } } });
    if (!s) return; // already gone (expired, or logged out in another tab): nothing to record
    await tx.session.delete({ where: { id: s.id } });
    await appendAudit(tx, { ...actor, userId: s.userId }, {
      action: "session.logout",
      entityType: "user",
      entityId: s.userId,
      detail: { username: s.user.username },
    });
  });
}
