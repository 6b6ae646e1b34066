/**
 * Password policy (pure: shared by the browser form and the server). Returns every rule the password
 * breaks, as message keys, so the form can say exactly what is wrong. Rules: ≥ 10 characters, ≤ 128,
 * 3 of 4 character classes, does not contain the username, and no well-known pattern (breached lists,
 * keyboard walks, sequences, repeated characters, the centre's name in pinyin).
 */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export type PasswordProblem = "tooShort" | "tooLong" | "classes" | "containsUsername" | "common";

/** Fragments that make a password guessable even when padded with other characters. */
const COMMON_FRAGMENTS = [
  "password", "passw0rd", "p@ssw0rd", "p@ssword", "qwerty", "asdfgh", "zxcvbn", "qazwsx", "1qaz2wsx",
  "iloveyou", "admin", "welcome", "letmein", "abc123", "a1b2c3", "aa123456", "woaini", "5201314", "1314520",
  "123456", "654321", "88888888", "666666", "111111", "000000", "112233", "123123", "147258", "159357",
  "ggzy", "gonggongziyuan", "jiaoyizhongxin", "zhaobiao", "toubiao", "caigou", "zhongxin", "jyzx",
];

const KEYBOARD_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz"];

/** True when `s` has a run of ≥ 4 consecutive characters along a keyboard row or the alphabet, either way. */
function hasWalk(s: string, run = 4): boolean {
  for (const row of KEYBOARD_ROWS) {
    const rev = [...row].reverse().join("");
    for (let i = 0; i + run <= row.length; i++) {
      if (s.includes(row.slice(i, i + run)) || s.includes(rev.slice(i, i + run))) return true;
    }
  }
  return false;
}

function classCount(pw: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length;
}

/** Undo common leetspeak so "P@55w0rd" is recognised as "password". */
function deleet(s: string): string {
  return s.replace(/[@4]/g, "a").replace(/3/g, "e").replace(/[1!|]/g, "i").replace(/0/g, "o").replace(/[5$]/g, "s").replace(/7/g, "t");
}

export function checkPasswordPolicy(password: string, ctx: { username?: string } = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (password.length < PASSWORD_MIN) problems.push("tooShort");
  if (password.length > PASSWORD_MAX) problems.push("tooLong");
  if (classCount(password) < 3) problems.push("classes");
  const lower = password.toLowerCase();
  const user = (ctx.username ?? "").trim().toLowerCase();
  if (user.length >= 3 && (lower.includes(user) || deleet(lower).includes(deleet(user)))) problems.push("containsUsername");
  if (isCommonPattern(lower)) problems.push("common");
  return problems;
}

function isCommonPattern(lower: string): boolean {
  const plain = deleet(lower);
  if (COMMON_FRAGMENTS.some((f) => lower.includes(f) || plain.includes(f))) return true;
  if (hasWalk(lower)) return true;
  // The same character 4+ times in a row ("aaaa", "1111"), or a short block repeated ("abcabcabc").
  if (/(.)\1{3,}/.test(lower)) return true;
  if (/^(.{1,4})\1{2,}.{0,3}$/.test(lower)) return true;
  // Few distinct characters overall: "aAaA1!1!a" style fillers.
  if (new Set(lower).size <= 4) return true;
  return false;
}
