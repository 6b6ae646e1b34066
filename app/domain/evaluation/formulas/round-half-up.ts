/**
 * 四舍五入 to an integer of a non-negative fraction num/den (bigint): the rounding rule the report names
 * ("ROUND_HALF_UP_2DP" when the integers are hundredths). Exact: no floating point anywhere in scoring.
 * Cited as GB/T 8170-2008 数值修约规则 (the committee's customary 四舍五入, not banker's rounding).
 */
export const ROUNDING_RULE = "ROUND_HALF_UP_2DP";

export function roundHalfUp(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new RangeError("denominator must be positive");
  const neg = num < 0n;
  const a = neg ? -num : num;
  const q = (2n * a + den) / (2n * den);
  return neg ? -q : q;
}
