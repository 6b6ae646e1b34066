import { roundHalfUp } from "./round-half-up";

/**
 * 经评审的最低投标价法 (评标委员会和评标方法暂行规定第三十条、第三十一条): the evaluated price is the read-out price
 * plus the price adjustments the committee quantifies for deviations (here: the mean of the members'
 * adjustments per bid, to the fen, 四舍五入). The ranking is by evaluated price, lowest first.
 */
export const CITATION = { zh: "评标委员会和评标方法暂行规定第三十条、第三十一条", en: "Interim Provisions on Evaluation Committees arts. 30–31" };

export function evaluatedPriceFen(priceFen: bigint, adjustmentsFen: readonly bigint[]): bigint {
  if (adjustmentsFen.length === 0) return priceFen;
  const sum = adjustmentsFen.reduce((a, b) => a + b, 0n);
  return priceFen + roundHalfUp(sum, BigInt(adjustmentsFen.length));
}
