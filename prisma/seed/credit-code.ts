import { creditCodeCheckChar } from "~/domain/accounts/validate-credit-code";

/**
 * Builds valid 统一社会信用代码 for demo organisations. Real codes come from the registration authority;
 * the seed needs codes that pass the same checks real ones do, so it computes both check characters:
 *   - position 17 (the 9th of the embedded organisation code), GB 11714-1997: weights 3,7,9,10,5,8,4,2 mod 11;
 *   - position 18, GB 32100-2015 (creditCodeCheckChar of the accounts module, which validates registrations).
 */
/** GB 11714 check character of an 8-character organisation code body (digits, letters A=10 … Z=35). */
function orgCodeCheckChar(body8: string): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i]!, 36) * w[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

/**
 * @param kind2 registration authority + category: "91" company (市场监管/企业), "11" government organ (机关),
 *              "12" public institution (事业单位)
 * @param region6 administrative division code
 * @param orgBody8 the organisation code's first 8 characters
 */
export function makeCreditCode(kind2: string, region6: string, orgBody8: string): string {
  const first17 = `${kind2}${region6}${orgBody8}${orgCodeCheckChar(orgBody8)}`;
  if (first17.length !== 17) throw new Error(`bad credit-code parts: ${first17}`);
  return first17 + creditCodeCheckChar(first17);
}
