import type { Rule, RuleFacts } from "../types";
import { PLATFORM_RULE, violationOf } from "../violation";

type P = Record<string, never>;
type InstantField = "docsAvailableFrom" | "docsAvailableTo" | "clarificationCutoff" | "objectionCutoff" | "bidDeadline";

/** [earlier, later, later may equal earlier?] — the schedule's order, checked pair by pair. */
const PAIRS: readonly [InstantField, InstantField, boolean][] = [
  ["docsAvailableFrom", "docsAvailableTo", false],
  ["docsAvailableTo", "bidDeadline", true],
  ["clarificationCutoff", "bidDeadline", false],
  ["objectionCutoff", "bidDeadline", false],
];

/**
 * The schedule's instants come in order: documents available from < to ≤ bid deadline; clarification
 * and objection cut-offs before the deadline. Reports the first pair out of order (the field to fix is
 * the later one).
 */
export const instantsOrdered: Rule<P> = {
  id: "instantsOrdered",
  article: { CONSTRUCTION: PLATFORM_RULE, GOVERNMENT_PROCUREMENT: PLATFORM_RULE },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: {},
  check(input) {
    const facts: RuleFacts = input;
    for (const [a, b, mayEqual] of PAIRS) {
      const x = facts[a];
      const y = facts[b];
      if (!x || !y) continue;
      const ok = mayEqual ? x.getTime() <= y.getTime() : x.getTime() < y.getTime();
      if (!ok) return violationOf(this, input, { earlier: a, later: b }, b, `${a}_${b}`);
    }
    return null;
  },
};
