import { roundHalfUp } from "./round-half-up";

/**
 * A bid's final score: the arithmetic mean of the seated members' totals, two decimals, 四舍五入
 * (评标委员会和评标方法暂行规定第三十四条; 87号令第六十四条 asks the sums to be checked — the system computes them).
 */
export const CITATION = { zh: "评标委员会和评标方法暂行规定第三十四条", en: "Interim Provisions on Evaluation Committees art. 34" };

export function meanScoreX100(totalsX100: readonly number[]): number {
  if (totalsX100.length === 0) return 0;
  const sum = totalsX100.reduce((a, b) => a + BigInt(b), 0n);
  return Number(roundHalfUp(sum, BigInt(totalsX100.length)));
}
