import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { acceptTotpStep } from "~/domain/accounts/complete-mfa";
import { assertLoginAllowed, countLoginFailure } from "~/domain/accounts/login-rate-limit";
import { createSession } from "~/domain/accounts/sessions";
import { checkTotpCode, decryptTotpSecret } from "~/domain/accounts/totp";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { getDb, type Db, type Tx } from "~/lib/db.server";
import { codeRefused, consumeCode } from "./one-time-code";
import { findSeatsByPhone } from "./request-sign-in-code";

export const signInSchema = z.object({ phone: z.string().trim().regex(/^\+?\d{6,20}$/), code: z.string().trim().regex(/^\d{6}$/) });

/**
 * A member signs in to their seat with the code sent to their phone (or, if they enrolled, a TOTP code).
 * A drawn expert without an account gets one now, bound to their pool entry (Expert.userId): role EXPERT,
 * no usable password — they come in by code. A called backup confirms their call by signing in. Returns
 * the user and a new session token (the route sets the cookie). Refusals look the same for every miss.
 */
export async function signInWithCode(actor: Actor, raw: unknown, db: Db = getDb()): Promise<{ userId: string; lotId: string; token: string }> {
  const input = parseInput(signInSchema, raw);
  await assertLoginAllowed(actor.ip);
  const out = await db.$transaction(async (tx) => {
    for (const seat of await findSeatsByPhone(tx, input.phone)) {
      const m = await tx.evaluationMember.findUniqueOrThrow({ where: { id: seat.memberId } });
      const byCode = await consumeCode(tx, m.id, "SIGN_IN", input.code);
      if (!byCode && !(await totpMatches(tx, m.userId, input.code))) continue;
      const userId = m.userId ?? (await accountFor(tx, actor, m.expertId!, m.name));
      const now = new Date();
      await tx.evaluationMember.update({ where: { id: m.id }, data: { userId, signedInAt: m.signedInAt ?? now } });
      if (m.drawMemberId) {
        const { count } = await tx.drawMember.updateMany({ where: { id: m.drawMemberId, status: "NOTIFIED" }, data: { status: "CONFIRMED", respondedAt: now } });
        if (count) await appendAudit(tx, { ...actor, userId, role: "EXPERT" }, { action: "draw.confirmed", entityType: "DrawMember", entityId: m.drawMemberId, after: { status: "CONFIRMED" }, detail: { by: "evaluation.sign_in" } });
      }
      await appendAudit(tx, { ...actor, userId, role: "EXPERT" }, {
        action: "evaluation.member_signed_in",
        entityType: "EvaluationMember",
        entityId: m.id,
        detail: { lotId: seat.lotId, seat: m.seat, first: !m.signedInAt, by: byCode ? "code" : "totp" },
      });
      // The code is a possession factor on its own: the session is fully signed in.
      const token = await createSession(tx, { userId, mfaPassed: true, ip: actor.ip, userAgent: actor.userAgent }, now);
      return { userId, lotId: seat.lotId, token };
    }
    return null;
  }, { timeout: 60_000, maxWait: 15_000 });
  if (!out) {
    await countLoginFailure(actor.ip);
    throw codeRefused();
  }
  return out;
}

async function totpMatches(tx: Tx, userId: string | null, code: string): Promise<boolean> {
  if (!userId) return false;
  const u = await tx.user.findUnique({ where: { id: userId }, select: { totpEnabled: true, totpSecretEnc: true, totpLastStep: true } });
  if (!u?.totpEnabled || !u.totpSecretEnc) return false;
  const step = checkTotpCode(decryptTotpSecret(u.totpSecretEnc), code, u.totpLastStep);
  return step !== null && (await acceptTotpStep(tx, userId, step));
}

/** The expert's account: the one bound to the pool entry, or a new EXPERT account bound to it now. */
async function accountFor(tx: Tx, actor: Actor, expertId: string, name: string): Promise<string> {
  const e = await tx.expert.findUniqueOrThrow({ where: { id: expertId }, select: { userId: true, code: true, phone: true, email: true } });
  if (e.userId) return e.userId;
  const centre = await tx.organisation.findFirst({ where: { kind: "CENTRE" }, orderBy: { createdAt: "asc" }, select: { id: true } });
  if (!centre) throw new DomainError("evaluation:errors.noCentre", {}, 409);
  const tag = e.code.toLowerCase().replace(/[^a-z0-9]/g, "");
  const taken = e.email ? await tx.user.findUnique({ where: { email: e.email }, select: { id: true } }) : null;
  const user = await tx.user.create({
    data: {
      orgId: centre.id,
      role: "EXPERT",
      username: `expert-${tag}`,
      displayName: name,
      email: e.email && !taken ? e.email : `expert-${tag}@experts.invalid`,
      phone: e.phone,
      // Not a password hash: nothing verifies against it, so the account signs in by code only.
      passwordHash: `!code-only-${randomBytes(16).toString("hex")}`,
    },
  });
  await tx.expert.update({ where: { id: expertId }, data: { userId: user.id } });
  await appendAudit(tx, actor, { action: "account.created", entityType: "User", entityId: user.id, detail: { role: "EXPERT", boundTo: "Expert", by: "evaluation.sign_in" } });
  return user.id;
}
