/**
 * 统一社会信用代码 (unified social credit code) per GB 32100-2015. Pure: runs in the browser (form
 * validation through the shared Zod schema) and on the server.
 *
 * Layout (18 characters): [1] registration authority, [2] organisation type, [3-8] region code
 * (GB/T 2260, digits), [9-17] organisation code, [18] check character over the first 17.
 */
export const CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"; // 31 characters: no I, O, S, V, Z
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * Registration authority → organisation-type codes it issues. The standard's table plus its later
 * amendments (A, N); checked loosely (no per-authority semantics beyond the legal pair) because a
 * real centre also sees law firms (3x), foundations (53) and collective economic organisations (N).
 */
const AUTHORITY_TYPES: Record<string, string> = {
  "1": "1239", // 机构编制: 机关, 事业单位, 群众团体, 其他
  "2": "19", // 外交
  "3": "1234589", // 司法行政: 律师事务所, 公证处, 法律服务所, 司法鉴定, 仲裁委员会, 其他
  "4": "19", // 文化
  "5": "1239", // 民政: 社会团体, 民办非企业单位, 基金会, 其他
  "6": "129", // 旅游
  "7": "1239", // 宗教
  "8": "19", // 工会
  "9": "123", // 工商: 企业, 个体工商户, 农民专业合作社
  A: "19", // 中央军委改革和编制办公室
  N: "1239", // 农业: 组级/村级/乡镇级集体经济组织, 其他
  Y: "1", // 其他
};

export type CreditCodeProblem = "length" | "charset" | "authority" | "region" | "checksum";

export type CreditCodeResult = { ok: true; code: string } | { ok: false; code: string; problem: CreditCodeProblem };

/** The check character for the first 17 characters (which must be in the charset). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** Normalises (trim, upper-case, drop inner spaces) and validates; the problem names what is wrong. */
export function validateCreditCode(input: string): CreditCodeResult {
  const code = input.replace(/\s+/g, "").toUpperCase();
  if (code.length !== 18) return { ok: false, code, problem: "length" };
  for (const ch of code) if (!CREDIT_CODE_CHARSET.includes(ch)) return { ok: false, code, problem: "charset" };
  const types = AUTHORITY_TYPES[code[0]!];
  if (!types || !types.includes(code[1]!)) return { ok: false, code, problem: "authority" };
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, code, problem: "region" };
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return { ok: false, code, problem: "checksum" };
  return { ok: true, code };
}
