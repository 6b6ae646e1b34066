/**
 * Form error messages travel as i18next keys (so the same Zod schema speaks Chinese or English in the
 * browser and on the server). Parameters ride along query-string style: "accounts:errors.x?max=64".
 */
export function msg(key: string, params?: Record<string, string | number>): string {
  if (!params || Object.keys(params).length === 0) return key;
  return `${key}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString()}`;
}

export function parseMsg(m: string): { key: string; params: Record<string, string> } {
  const i = m.indexOf("?");
  if (i < 0) return { key: m, params: {} };
  return { key: m.slice(0, i), params: Object.fromEntries(new URLSearchParams(m.slice(i + 1))) };
}
