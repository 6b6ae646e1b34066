import { DomainError } from "~/domain/errors";
import type { Role } from "~/generated/prisma/enums";

/**
 * Who does something, from where. Every domain call takes one: the permission guard reads its role,
 * the audit log records all of it. Workers act as SYSTEM; anonymous visitors as PUBLIC.
 */
export interface Actor {
  userId: string | null;
  role: Role | "SYSTEM" | "PUBLIC";
  orgId: string | null;
  ip: string;
  userAgent: string;
}

/**
 * An actor known to be a signed-in user: a real role, hence a user id. `Actor` keeps `userId` nullable
 * because workers (SYSTEM) and visitors (PUBLIC) act too, which used to leave every domain write claiming
 * the id non-null with a `!` after its guard: an unchecked promise, and one the compiler would not flag if
 * a permission later admitted SYSTEM. The guards now hand this type out instead: `requirePermission`
 * returns it, and `assertCan` narrows to it whenever the permission's row lists neither SYSTEM nor PUBLIC
 * (`ActorFor` in accounts/permissions.ts). The narrowing rests on the invariant `actorFromRequest` keeps:
 * a user role always comes with its user's id; SYSTEM and PUBLIC never have one. The organisation is not
 * part of the type: read it with `requireOrgId` where the operation is an organisation's.
 */
export type SignedInActor = Actor & { userId: string; role: Role };

/**
 * The acting user's id where the guard admits workers too (e.g. award.manage) or checks no permission
 * (evaluation scope) but the row records a person; the usual 403 for an actor without one.
 */
export function requireUserId(actor: Actor): string {
  if (!actor.userId) throw new DomainError("common:errors.forbidden", {}, 403);
  return actor.userId;
}

/** The actor's organisation where the operation is an organisation's; the usual 403 for an actor without one. */
export function requireOrgId(actor: Actor): string {
  if (!actor.orgId) throw new DomainError("common:errors.forbidden", {}, 403);
  return actor.orgId;
}

export const systemActor = (what = "worker"): Actor => ({
  userId: null,
  role: "SYSTEM",
  orgId: null,
  ip: "",
  userAgent: what,
});

export const publicActor = (ip = "", userAgent = ""): Actor => ({
  userId: null,
  role: "PUBLIC",
  orgId: null,
  ip,
  userAgent,
});
