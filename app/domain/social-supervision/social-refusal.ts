import { DomainError } from "~/domain/errors";

/**
 * What a social supervisor is told when the permission table refuses it (assertCan): complaints and
 * alerts are confidential; anything else it may not do is a write or an internal read — it observes only.
 * Kept free of other imports: permissions.ts depends on it.
 */
export function socialRefusal(permission: string): DomainError {
  const confidential = permission.startsWith("alert.") || permission.startsWith("complaint.");
  return new DomainError(`social:errors.outOfScope.${confidential ? "confidential" : "write"}`, { permission }, 403);
}
