import { describe, expect, it } from "vitest";
import { Calendar } from "~/domain/rules/calendar";
import { buyerRepresentatives, maxRepresentatives } from "~/domain/rules/statutory/buyer-representatives";

const now = new Date("2026-06-01T04:00:00Z");
const P = { maxShareNumerator: 1, maxShareDenominator: 3 };
const check = (experts: number, representatives: number, profile: "CONSTRUCTION" | "GOVERNMENT_PROCUREMENT" = "CONSTRUCTION") =>
  buyerRepresentatives.check({ profile, now, representatives: { experts, representatives } }, P, Calendar.empty());

describe("buyerRepresentatives (招标投标法 art. 37; 87号令 art. 47): experts ≥ 2/3 ⇔ representatives ≤ ⌊experts / 2⌋", () => {
  it("allows ⌊experts / 2⌋ and refuses one more, with the numbers and the article", () => {
    for (const experts of [3, 4, 5, 6, 7, 9]) {
      const max = maxRepresentatives(experts, P);
      expect(max).toBe(Math.floor(experts / 2));
      expect(check(experts, max)).toBeNull();
      expect(check(experts, max + 1)?.params).toMatchObject({ max, named: max + 1, experts });
    }
    expect(check(4, 3, "GOVERNMENT_PROCUREMENT")?.params.articleZh).toContain("第87号");
  });

  it("is the committee's 2/3 expert share (committeeComposition's test, experts × 3 ≥ members × 2) for every size", () => {
    for (let experts = 1; experts <= 15; experts++) {
      for (let reps = 0; reps <= 10; reps++) {
        expect(check(experts, reps) !== null, `${experts}+${reps}`).toBe(experts * 3 < (experts + reps) * 2);
      }
    }
  });
});
