import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { getDb } from "~/lib/db.server";
import { FieldErrors, parseOrThrow } from "./field-errors";
import { hashPassword, verifyPassword } from "./password-hash";
import { assertCan } from "./permissions";
import { changePasswordSchema } from "./schemas";
import { endUserSessions } from "./sessions";

/**
 * Changes the actor's own password after re-checking the current one. Every other session of the user
 * ends (a thief who had the old password is out); the current one stays.
 */
export async function changePassword(
  actor: Actor,
  raw: { currentPassword: string; password: string; confirmPassword: string },
  deps: { sessionToken?: string } = {},
): Promise<void> {
  assertCan(actor, "account.self");
  const db = getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId } });
  const input = parseOrThrow(changePasswordSchema(user.username), { intent: "password", ...raw });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new FieldErrors({ currentPassword: ["accounts:errors.currentPasswordWrong"] });
  }
  if (await verifyPassword(user.passwordHash, input.password)) {
    throw new FieldErrors({ password: ["accounts:errors.password.sameAsOld"] });
  }
  const passwordHash = await hashPassword(input.password);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: new Date() } });
    await endUserSessions(tx, user.id, deps.sessionToken);
    await appendAudit(tx, actor, {
      action: "password.changed",
      entityType: "user",
      entityId: user.id,
      detail: { username: user.username },
    });
  });
}
