import { DomainError } from "~/domain/errors";
import type { Violation } from "./types";

/**
 * Refusal carrying every broken rule: `code`/`params`/`field` are the first violation's (so generic
 * DomainError handling shows a sensible message) and `violations` all of them (so a form lists each
 * next to its field). Thrown inside a transaction, it rolls everything back.
 */
export class RuleViolationsError extends DomainError {
  constructor(public readonly violations: readonly Violation[]) {
    if (violations.length === 0) throw new RangeError("RuleViolationsError needs at least one violation");
    const first = violations[0]!;
    super(first.code, first.params, 422, first.field);
    this.name = "RuleViolationsError";
  }
}

export const isRuleViolationsError = (e: unknown): e is RuleViolationsError => e instanceof RuleViolationsError;

/** Throws when there is any violation; a no-op otherwise. */
export function assertNoViolations(violations: readonly Violation[]): void {
  if (violations.length > 0) throw new RuleViolationsError(violations);
}
