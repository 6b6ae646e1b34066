import type { Actor } from "~/domain/actor";
import type { Prisma } from "~/generated/prisma/client";
import { getDb } from "~/lib/db.server";
import { assertCan, type Permission } from "./permissions";

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  email: string;
  role: string;
  status: string;
  orgName: string;
  orgKind: string;
  totpEnabled: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
}

/**
 * Accounts for the admin pages: newest first, optional search over username, name, e-mail and
 * organisation, optionally only locked ones. The caller names the permission its page is about
 * (account.manage for the system admin, account.unlock for the security admin).
 */
export async function listUsers(
  actor: Actor,
  input: { q?: string; lockedOnly?: boolean; take?: number },
  permission: Extract<Permission, "account.manage" | "account.unlock"> = "account.manage",
): Promise<UserRow[]> {
  assertCan(actor, permission);
  const q = input.q?.trim().slice(0, 100);
  const where: Prisma.UserWhereInput = {
    ...(q
      ? {
          OR: [
            { username: { contains: q, mode: "insensitive" } },
            { displayName: { contains: q, mode: "insensitive" } },
            { email: { contains: q, mode: "insensitive" } },
            { org: { name: { contains: q, mode: "insensitive" } } },
          ],
        }
      : {}),
    ...(input.lockedOnly ? { lockedUntil: { gt: new Date() } } : {}),
  };
  const rows = await getDb().user.findMany({
    where,
    orderBy: { createdAt: "desc" },
    take: Math.min(input.take ?? 100, 500),
    include: { org: { select: { name: true, kind: true } } },
  });
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    role: u.role,
    status: u.status,
    orgName: u.org.name,
    orgKind: u.org.kind,
    totpEnabled: u.totpEnabled,
    lockedUntil: u.lockedUntil,
    lastLoginAt: u.lastLoginAt,
  }));
}
