/**
 * CONTRACT (owned by the accounts work): how routes learn who is asking.
 * Stub signatures so that other parts can be written against them; the accounts helper replaces the bodies.
 */
import type { Actor } from "~/domain/actor";
import type { Permission } from "~/domain/accounts/permissions";
import type { Role } from "~/generated/prisma/enums";

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  orgId: string;
  orgName: string;
  locale: string;
  totpEnabled: boolean;
}

/** The signed-in user (session valid, second factor passed), or null. Touches the idle timer. */
export async function getOptionalUser(_request: Request): Promise<SessionUser | null> {
  return null;
}

/** Redirects to /login (with ?redirectTo=) when nobody is signed in. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const u = await getOptionalUser(request);
  if (!u) throw new Response(null, { status: 302, headers: { Location: "/login" } });
  return u;
}

/** The guard every route uses: signed in + permitted, else 302 /login or 403. Returns the Actor for domain calls. */
export async function requirePermission(request: Request, _permission: Permission): Promise<Actor & { user: SessionUser }> {
  const user = await requireUser(request);
  return { ...actorFromRequest(request, user), user };
}

/** Actor for a request (PUBLIC when user is null): ip from X-Forwarded-For/socket, user agent header. */
export function actorFromRequest(request: Request, user: SessionUser | null): Actor {
  const ip = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? "";
  const userAgent = request.headers.get("user-agent") ?? "";
  return user
    ? { userId: user.id, role: user.role, orgId: user.orgId, ip, userAgent }
    : { userId: null, role: "PUBLIC", orgId: null, ip, userAgent };
}
