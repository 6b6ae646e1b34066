import { z } from "zod";
import type { EvaluationMethod, ProcurementType } from "~/generated/prisma/enums";

/**
 * What an evaluation scores, fixed when it starts (EvaluationSession.criteria / requirements / params), so
 * a later change of the lot or of the centre's parameters cannot move a running evaluation.
 */
export const CriterionSchema = z.object({
  key: z.string(),
  name: z.string(),
  /** Maximum points (COMPREHENSIVE: the criterion's weight); 0 for the LOWEST_PRICE adjustment column. */
  max: z.number().int().min(0),
  /** The price criterion: computed by the profile's formula, never typed. */
  price: z.boolean(),
});
export type Criterion = z.infer<typeof CriterionSchema>;

export const RequirementSchema = z.object({ key: z.string(), text: z.string(), clause: z.string() });
export type Requirement = z.infer<typeof RequirementSchema>;

export const EvaluationParamsSchema = z.object({
  belowMeanPercent: z.number(),
  percentOfMax: z.number(),
  extendHours: z.number(),
  moreTimeNumerator: z.number(),
  moreTimeDenominator: z.number(),
  deductAbovePerPercentX100: z.number(),
  deductBelowPerPercentX100: z.number(),
  reportWithinDays: z.number(),
  reportUnit: z.enum(["DAYS", "WORKING_DAYS"]),
  /** Minutes a bidder has to answer a clarification request. */
  clarificationMinutes: z.number(),
});
export type EvaluationParams = z.infer<typeof EvaluationParamsSchema>;

/** A criterion whose name speaks of the price is the price criterion (价格/报价/price). */
const PRICE_NAME = /价格|报价|price/i;

export function criteriaOf(method: EvaluationMethod, lotCriteria: readonly { name: string; weight: number }[]): Criterion[] {
  if (method === "LOWEST_PRICE") return [{ key: "adjust", name: "评审价格调整（元）", max: 0, price: false }];
  return lotCriteria.map((c, i) => ({ key: `c${i + 1}`, name: c.name, max: c.weight, price: PRICE_NAME.test(c.name) }));
}

/** 初步评审 requirements: each line of the lot's qualification text, then the standard conformity items. */
export function requirementsOf(profile: ProcurementType, qualification: string): Requirement[] {
  const quals = qualification
    .split(/\r?\n|；|;/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 20)
    .map((text, i) => ({ key: `q${i + 1}`, text, clause: profile === "CONSTRUCTION" ? "招标文件第三章 资格评审标准" : "招标文件 资格性审查" }));
  const conformity: Requirement[] = [
    { key: "signed", text: "投标函有法定代表人或其授权代理人签字并加盖单位章", clause: profile === "CONSTRUCTION" ? "实施条例第五十一条第（一）项" : "87号令第六十三条" },
    { key: "singleOffer", text: "只有一个有效报价", clause: profile === "CONSTRUCTION" ? "实施条例第五十一条第（四）项" : "87号令第六十三条" },
    { key: "response", text: "对招标文件的实质性要求和条件作出响应", clause: profile === "CONSTRUCTION" ? "实施条例第五十一条第（六）项" : "87号令第六十三条" },
  ];
  return [...(quals.length ? quals : [{ key: "q1", text: "投标人资格条件", clause: "招标文件 资格条件" }]), ...conformity];
}

/** A typed score: up to 3 integer digits and 2 decimals ("12", "12.5", "12.50"), as hundredths. */
const SCORE = /^\d{1,3}(\.\d{1,2})?$/;
/** A LOWEST_PRICE adjustment in yuan (may be negative), as fen. */
const YUAN = /^-?\d{1,13}(\.\d{1,2})?$/;

export function parseScoreX100(s: string): number | null {
  if (!SCORE.test(s)) return null;
  const [i, f = ""] = s.split(".");
  return Number(i) * 100 + Number(f.padEnd(2, "0"));
}

export function parseYuanToFen(s: string): bigint | null {
  if (!YUAN.test(s)) return null;
  const neg = s.startsWith("-");
  const [i, f = ""] = (neg ? s.slice(1) : s).split(".");
  const v = BigInt(i!) * 100n + BigInt(f.padEnd(2, "0") || "0");
  return neg ? -v : v;
}

export const formatX100 = (x: number) => `${Math.trunc(x / 100)}.${String(Math.abs(x % 100)).padStart(2, "0")}`;
