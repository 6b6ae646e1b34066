import type { OrgKind, Role } from "~/generated/prisma/enums";
import { DomainError } from "~/domain/errors";

/** 三员分立: the three admin roles. Only the seed/CLI creates them, only in the centre's organisation. */
export const ADMIN_ROLES: readonly Role[] = ["SYSTEM_ADMIN", "SECURITY_ADMIN", "AUDIT_ADMIN"];

/** Roles that must pass TOTP at every login (issue 2); others may enrol voluntarily. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ["STAFF", "SUPERVISOR", "EXPERT_ADMIN", ...ADMIN_ROLES];

/** Roles a system admin may give a new account through the web (never an admin role, never a bidder). */
export const STAFF_CREATABLE_ROLES: readonly Role[] = ["STAFF", "SUPERVISOR", "EXPERT", "SOCIAL_SUPERVISOR", "EXPERT_ADMIN"];

/**
 * Which organisation kinds may hold each role: bidders only in bidder companies, staff in the centre,
 * buyers and agents, supervisors in supervision departments or the centre, admins only in the centre.
 * Experts and social supervisors are individuals attached to any non-bidder organisation.
 */
export const ROLE_ORG_KINDS: Record<Role, readonly OrgKind[]> = {
  BIDDER: ["BIDDER"],
  STAFF: ["CENTRE", "BUYER", "AGENT"],
  SUPERVISOR: ["SUPERVISION", "CENTRE"],
  EXPERT: ["CENTRE", "BUYER", "AGENT", "SUPERVISION", "OTHER"],
  SOCIAL_SUPERVISOR: ["CENTRE", "SUPERVISION", "OTHER"],
  SYSTEM_ADMIN: ["CENTRE"],
  SECURITY_ADMIN: ["CENTRE"],
  AUDIT_ADMIN: ["CENTRE"],
  /** The pool is the centre's (SPEC §3): never a buyer's or an agent's, who are interested parties. */
  EXPERT_ADMIN: ["CENTRE"],
};

export const isAdminRole = (role: string): boolean => (ADMIN_ROLES as readonly string[]).includes(role);
export const isMfaRequired = (role: string): boolean => (MFA_REQUIRED_ROLES as readonly string[]).includes(role);

export function assertRoleFitsOrg(role: Role, orgKind: OrgKind): void {
  if (!ROLE_ORG_KINDS[role].includes(orgKind)) {
    throw new DomainError("accounts:errors.roleOrgMismatch", { role, orgKind }, 422, "orgId");
  }
}
