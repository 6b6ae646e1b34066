import { data } from "@remix-run/node";
import { isRuleViolationsError } from "~/domain/rules/violation-error";
import type { ViolationView } from "./rule-violations";

/**
 * Runs a domain call; a RuleViolationsError (statutory rules) comes back as the whole list for the page
 * to show — not just the first, as generic DomainError handling would. Other refusals propagate to
 * handleForm, which puts them next to their field.
 */
export async function withViolations<T>(fn: () => Promise<T>) {
  try {
    return await fn();
  } catch (e) {
    if (!isRuleViolationsError(e)) throw e;
    const violations: ViolationView[] = e.violations.map((v) => ({
      ruleId: v.ruleId,
      code: v.code,
      params: v.params,
      article: v.article,
      ...(v.field ? { field: v.field } : {}),
    }));
    return data({ violations }, { status: 422 });
  }
}
