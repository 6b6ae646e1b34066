import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { hallRoleOf, loadSession } from "~/domain/opening/hall-access";
import { getDb, type Db } from "~/lib/db.server";
import { recordSupervisorAttendance } from "./record-supervisor-attendance";

/**
 * 监督签到: a supervisor signs in to a lot's opening hall (the hall's sign-in intent, for role
 * "supervisor"): the SupervisorAttendance of a major project's opening. Repeat sign-ins are no-ops.
 */
export async function signInSupervisor(actor: Actor, input: { lotId: string }, deps: { db?: Db } = {}) {
  assertCan(actor, "opening.attend");
  const db = deps.db ?? getDb();
  if ((await hallRoleOf(db, actor, input.lotId)) !== "supervisor") throw new DomainError("opening:errors.notAdmitted", {}, 403);
  const s = await loadSession(db, input.lotId);
  if (s.state === "CLOSED" || s.state === "FAILED") throw new DomainError("opening:errors.wrongStep", { state: s.state, event: "sign_in" }, 409);
  return db.$transaction(async (tx) => {
    const fresh = await recordSupervisorAttendance(tx, actor, { lotId: input.lotId, kind: "OPENING", refId: s.id });
    if (fresh)
      await appendAudit(tx, actor, {
        action: "opening.supervisor_signed_in",
        entityType: "OpeningSession",
        entityId: s.id,
        detail: { lotId: input.lotId, state: s.state },
      });
    return { signedIn: fresh };
  });
}
