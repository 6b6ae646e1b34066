/**
 * How the pool shows an expert's contacts by default: enough to tell two apart, not enough to call or
 * mail (issue 13: even the expert administrators see numbers masked unless they need them).
 */
export function maskPhone(phone: string): string {
  const p = phone.trim();
  if (p.length <= 4) return "*".repeat(p.length);
  if (p.length < 8) return `${"*".repeat(p.length - 4)}${p.slice(-4)}`;
  return `${p.slice(0, 3)}${"*".repeat(p.length - 7)}${p.slice(-4)}`;
}

export function maskEmail(email: string): string {
  const [local = "", domain] = email.split("@");
  if (!domain) return email ? "***" : "";
  return `${local.slice(0, 1)}***@${domain}`;
}
