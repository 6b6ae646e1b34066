import { getEnv } from "~/lib/env.server";

/**
 * 重大项目 (major projects): a lot whose ceiling price (最高投标限价) or estimate reaches the configured
 * amount (MAJOR_PROJECT_THRESHOLD_FEN). Computed, not stored: changing the setting re-flags every lot,
 * and nothing can drift. Supervisors must attend its expert draw and its opening (SupervisorAttendance).
 */
export function majorProjectThresholdFen(): bigint {
  return getEnv().MAJOR_PROJECT_THRESHOLD_FEN;
}

export function isMajorLot(lot: { ceilingPriceFen: bigint; estimatedPriceFen: bigint }, threshold = majorProjectThresholdFen()): boolean {
  return lot.ceilingPriceFen >= threshold || lot.estimatedPriceFen >= threshold;
}

/** The same test in SQL, for queries over many lots (alias of the Lot table, threshold parameter). */
export const majorLotSql = (alias: string, param: string) =>
  `(${alias}."ceilingPriceFen" >= ${param} OR ${alias}."estimatedPriceFen" >= ${param})`;
