import { formatYuan } from "~/lib/money";
import type { Rule } from "../types";
import { violationOf, PLATFORM_RULE } from "../violation";

type P = { maxFen: number };

/** 10^15 fen = 10 trillion yuan: beyond any real tender, and the CHECK limit of the Lot table. */
export const MAX_AMOUNT_FEN = 1_000_000_000_000_000n;
export const MAX_AMOUNT_FEN_NUMBER = Number(MAX_AMOUNT_FEN);

/**
 * Amounts are whole fen, not negative and not absurdly large (an overflowing or mistyped figure is
 * refused with a message instead of reaching the database's CHECK constraint).
 */
export const amountsInRange: Rule<P> = {
  id: "amountsInRange",
  article: { CONSTRUCTION: PLATFORM_RULE, GOVERNMENT_PROCUREMENT: PLATFORM_RULE },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { maxFen: "fixed" },
  check(input, { maxFen }) {
    const max = BigInt(maxFen);
    for (const field of ["estimatedPriceFen", "ceilingPriceFen", "bondFen"] as const) {
      const v = input[field];
      if (v == null) continue;
      if (v < 0n || v > max) return violationOf(this, input, { max: formatYuan(max) }, field, field);
    }
    return null;
  },
};
