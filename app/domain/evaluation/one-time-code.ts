import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/lib/db.server";

/**
 * One-time codes of the evaluation (sign-in, signing the report): 6 digits, 10 minutes, 5 tries, single
 * use; only SHA-256(member id, purpose, code) is stored. A signing code is bound to the report hash it was
 * issued for, so a code cannot sign another version of the report.
 */
export type CodePurpose = "SIGN_IN" | "SIGN_REPORT";
export const CODE_MINUTES = 10;
const MAX_ATTEMPTS = 5;

const hashOf = (memberId: string, purpose: CodePurpose, code: string) => createHash("sha256").update(`${memberId}:${purpose}:${code}`).digest("hex");

export async function issueCode(tx: Tx, memberId: string, purpose: CodePurpose, boundTo: string | null = null): Promise<{ id: string; code: string; expiresAt: Date }> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const expiresAt = new Date(Date.now() + CODE_MINUTES * 60_000);
  // A new code replaces any earlier unused one of the same purpose.
  await tx.evaluationCode.updateMany({ where: { memberId, purpose, usedAt: null }, data: { usedAt: new Date() } });
  const row = await tx.evaluationCode.create({ data: { memberId, purpose, codeHash: hashOf(memberId, purpose, code), boundTo, expiresAt } });
  return { id: row.id, code, expiresAt };
}

/** Consumes the member's current code if it matches (and is bound to `boundTo`); a miss counts a try. */
export async function consumeCode(tx: Tx, memberId: string, purpose: CodePurpose, code: string, boundTo: string | null = null): Promise<boolean> {
  const row = await tx.evaluationCode.findFirst({ where: { memberId, purpose, usedAt: null }, orderBy: { createdAt: "desc" } });
  if (!row || row.expiresAt.getTime() < Date.now() || row.attempts >= MAX_ATTEMPTS) return false;
  const ok = /^\d{6}$/.test(code) && timingSafeEqual(Buffer.from(row.codeHash), Buffer.from(hashOf(memberId, purpose, code))) && (boundTo === null || row.boundTo === boundTo);
  if (!ok) {
    await tx.evaluationCode.update({ where: { id: row.id }, data: { attempts: { increment: 1 } } });
    return false;
  }
  const { count } = await tx.evaluationCode.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
  return count === 1;
}

export function codeRefused(): DomainError {
  return new DomainError("evaluation:errors.badCode", {}, 422, "code");
}
