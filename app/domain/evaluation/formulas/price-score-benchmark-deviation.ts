import { roundHalfUp } from "./round-half-up";

/**
 * 工程 综合评估法 price score (标准施工招标文件（2007年版）第三章 评标办法（综合评估法）2.2.4(1)):
 * 评标基准价 = the mean of the valid prices; 偏差率 = (投标报价 − 评标基准价) ÷ 评标基准价 × 100 %; the score is the
 * maximum less `deductAbove` points per 1 % above and `deductBelow` per 1 % below the benchmark, never below 0.
 * Deductions are rule parameters (priceScoreRange), in hundredths per percent. Exact: the mean is kept as
 * the fraction sum/n.
 */
export const CITATION = {
  zh: "标准施工招标文件（2007年版）第三章评标办法（综合评估法）2.2.4",
  en: "Standard Construction Tender Documents (2007) ch. 3, comprehensive method 2.2.4",
};

export function priceScoreBenchmarkDeviation(
  priceFen: bigint,
  validPricesFen: readonly bigint[],
  maxX100: number,
  p: { deductAbovePerPercentX100: number; deductBelowPerPercentX100: number },
): number {
  const n = BigInt(validPricesFen.length);
  const sum = validPricesFen.reduce((a, b) => a + b, 0n);
  if (n === 0n || sum <= 0n) return 0;
  // |P − sum/n| / (sum/n) × 100 × deduct  =  |P·n − sum| × 100 × deduct / sum
  const diff = priceFen * n - sum;
  const per = BigInt(diff >= 0n ? p.deductAbovePerPercentX100 : p.deductBelowPerPercentX100);
  const deduction = roundHalfUp((diff < 0n ? -diff : diff) * 100n * per, sum);
  const score = BigInt(maxX100) - deduction;
  return Number(score < 0n ? 0n : score);
}
