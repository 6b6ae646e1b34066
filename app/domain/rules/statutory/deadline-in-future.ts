import type { Rule } from "../types";
import { PLATFORM_RULE, violationOf } from "../violation";

type P = Record<string, never>;

/** A tender is published or changed only with a bid deadline still ahead on the server clock. */
export const deadlineInFuture: Rule<P> = {
  id: "deadlineInFuture",
  article: { CONSTRUCTION: PLATFORM_RULE, GOVERNMENT_PROCUREMENT: PLATFORM_RULE },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: {},
  check(input) {
    if (!input.bidDeadline || input.bidDeadline.getTime() > input.now.getTime()) return null;
    return violationOf(this, input, {}, "bidDeadline");
  },
};
