import type { z } from "zod";
import { DomainError } from "~/domain/errors";

/**
 * The domain re-validates what a form already checked (a client that skips the browser gets the same
 * answer): the first issue becomes a DomainError naming its field, its message being an i18next key.
 */
export function parseRulesInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.join(".") || undefined;
  const code = issue.message.startsWith("rules:") ? issue.message : "rules:errors.invalidInput";
  throw new DomainError(code, {}, 422, field);
}
