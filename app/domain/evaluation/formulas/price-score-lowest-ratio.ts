import { roundHalfUp } from "./round-half-up";

/**
 * 政府采购 综合评分法 price score (财政部令第87号第五十五条): 评标基准价 = the lowest valid price;
 * 价格分 = 评标基准价 ÷ 投标报价 × 价格权值 × 100 — here the price criterion's maximum points already equal
 * weight × 100. Result in hundredths of a point, 四舍五入.
 */
export const CITATION = { zh: "政府采购货物和服务招标投标管理办法（财政部令第87号）第五十五条", en: "MOF Order No. 87 art. 55" };

export function priceScoreLowestRatio(priceFen: bigint, lowestValidFen: bigint, maxX100: number): number {
  if (priceFen <= 0n) return 0;
  return Number(roundHalfUp(lowestValidFen * BigInt(maxX100), priceFen));
}
