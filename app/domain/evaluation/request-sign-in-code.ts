import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { notify } from "~/domain/notify/notify";
import { getDb, type Db } from "~/lib/db.server";
import { issueCode, CODE_MINUTES } from "./one-time-code";

/** Loaded machines and large lots: the committee waits rather than fails. */
const TX = { timeout: 60_000, maxWait: 15_000 };

export const requestCodeSchema = z.object({ phone: z.string().trim().regex(/^\+?\d{6,20}$/) });

/**
 * A committee member asks for a sign-in code with the phone number the pool holds for them: for each
 * seat of a running evaluation (started, not done) that number belongs to, a code goes out by SMS and
 * email. The answer is the same whether or not the number is on a committee (nobody learns who sits).
 */
export async function requestSignInCode(actor: Actor, raw: unknown, db: Db = getDb()): Promise<{ sent: true }> {
  const { phone } = parseInput(requestCodeSchema, raw);
  await db.$transaction(async (tx) => {
    const seats = await findSeatsByPhone(tx, phone);
    for (const s of seats) {
      const c = await issueCode(tx, s.memberId, "SIGN_IN");
      await notify(tx, {
        recipients: { contacts: [{ phone: s.phone, email: s.email || undefined }] },
        template: "evaluation:notify.signInCode",
        params: { code: c.code, minutes: CODE_MINUTES },
        channels: ["sms", "email"],
        entity: { type: "EvaluationMember", id: s.memberId },
        dedupeKey: `evaluation-code-${c.id}`,
      });
      await appendAudit(tx, actor, { action: "evaluation.code_sent", entityType: "EvaluationMember", entityId: s.memberId, detail: { purpose: "SIGN_IN", lotId: s.lotId } });
    }
  }, TX);
  return { sent: true };
}

/** Seated members of running evaluations whose expert (or account) has this phone number. */
export async function findSeatsByPhone(tx: Parameters<Parameters<Db["$transaction"]>[0]>[0], phone: string) {
  const experts = await tx.expert.findMany({ where: { phone }, select: { id: true, phone: true, email: true } });
  const users = await tx.user.findMany({ where: { phone, status: "ACTIVE" }, select: { id: true, phone: true, email: true } });
  const members = await tx.evaluationMember.findMany({
    where: {
      status: "SEATED",
      // Experts only: the buyer's representatives hold staff accounts and take their seat from their own
      // signed-in session (representative-seat-sign-in.ts) — a code alone never opens a staff session.
      kind: "EXPERT",
      session: { stage: { not: "DONE" } },
      OR: [{ expertId: { in: experts.map((e) => e.id) } }, { userId: { in: users.map((u) => u.id) } }],
    },
    select: { id: true, expertId: true, userId: true, session: { select: { lotId: true } } },
  });
  return members.map((m) => {
    const e = experts.find((x) => x.id === m.expertId) ?? users.find((u) => u.id === m.userId);
    return { memberId: m.id, lotId: m.session.lotId, phone, email: e?.email ?? "" };
  });
}
