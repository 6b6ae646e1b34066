import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { FieldErrors, parseOrThrow, uniqueViolationFields } from "./field-errors";
import { insertAccount } from "./insert-account";
import { hashPassword } from "./password-hash";
import { assertCan } from "./permissions";
import { assertRoleFitsOrg, STAFF_CREATABLE_ROLES } from "./roles";
import { createAccountSchema } from "./schemas";

const DUPLICATE = {
  username: "accounts:errors.usernameTaken",
  email: "accounts:errors.emailTaken",
};

/**
 * A system admin creates a staff, supervisor, expert or social-supervisor account in an existing
 * organisation whose kind fits the role. Never an admin account (only the seed/CLI, 三员分立) and never
 * a bidder (bidders register their company themselves).
 */
export async function createAccount(actor: Actor, raw: unknown): Promise<{ userId: string }> {
  assertCan(actor, "account.manage");
  const role = (raw as { role?: string } | null)?.role;
  if (role && !(STAFF_CREATABLE_ROLES as readonly string[]).includes(role)) {
    throw new DomainError("accounts:errors.roleNotCreatable", { role }, 403, "role");
  }
  const input = parseOrThrow(createAccountSchema, { intent: "create", ...(raw as object) });
  const passwordHash = await hashPassword(input.password);
  try {
    return await getDb().$transaction(async (tx) => {
      const org = await tx.organisation.findUnique({ where: { id: input.orgId } });
      if (!org) throw new FieldErrors({ orgId: ["accounts:errors.orgNotFound"] });
      assertRoleFitsOrg(input.role, org.kind);
      const taken = await tx.user.findMany({
        where: { OR: [{ username: input.username }, { email: input.email }] },
        select: { username: true, email: true },
      });
      const fe: Record<string, string[]> = {};
      if (taken.some((t) => t.username === input.username)) fe.username = [DUPLICATE.username];
      if (taken.some((t) => t.email === input.email)) fe.email = [DUPLICATE.email];
      if (Object.keys(fe).length) throw new FieldErrors(fe, 409);
      const { username, displayName, email, phone, role } = input;
      const user = await insertAccount(tx, actor, org, { username, displayName, email, phone, role, passwordHash }, { org: org.name });
      return { userId: user.id };
    });
  } catch (e) {
    throw uniqueViolationFields(e, DUPLICATE) ?? e;
  }
}
