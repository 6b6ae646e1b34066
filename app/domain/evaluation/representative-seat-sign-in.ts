import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { notify } from "~/domain/notify/notify";
import { getDb, type Db, type Tx } from "~/lib/db.server";
import { codeRefused, consumeCode, issueCode, CODE_MINUTES } from "./one-time-code";

/** Loaded machines and large lots: the committee waits rather than fails. */
const TX = { timeout: 60_000, maxWait: 15_000 };

const lotSchema = z.object({ lotId: z.uuid() });
const codeSchema = z.object({ lotId: z.uuid(), code: z.string().trim().regex(/^\d{6}$/) });

/**
 * The buyer's representative signs in to their seat. They already hold a staff account, so the account's
 * normal login (password + TOTP) is who they are; the seat itself is then taken with a one-time code sent to
 * the account's phone, like the experts' — from the evaluation's start only, audited the same way
 * (evaluation.member_signed_in). The experts' phone-only sign-in (/evaluation/sign-in) never serves a staff
 * account: a code alone must not open a staff session. Not a representative's seat of the actor → 404.
 */
async function pendingSeat(db: Db | Tx, actor: Actor, lotId: string) {
  if (!actor.userId) throw new DomainError("common:errors.forbidden", {}, 403);
  const session = await db.evaluationSession.findUnique({ where: { lotId }, select: { id: true, stage: true } });
  const member = session
    ? await db.evaluationMember.findFirst({ where: { sessionId: session.id, userId: actor.userId, kind: "BUYER_REPRESENTATIVE", status: "SEATED" }, orderBy: { seat: "asc" } })
    : null;
  if (!session || !member || session.stage === "DONE") throw new DomainError("evaluation:errors.notFound", {}, 404);
  return { session, member, userId: actor.userId };
}

/** What the seat sign-in page shows: the lot, the seat, and whether the seat is already taken. */
export async function getRepresentativeSeat(actor: Actor, raw: unknown, db: Db = getDb()) {
  const { lotId } = parseInput(lotSchema, raw);
  const { member, userId } = await pendingSeat(db, actor, lotId);
  const lot = await db.lot.findUniqueOrThrow({ where: { id: lotId }, select: { title: true, project: { select: { code: true, title: true, procurementType: true } } } });
  const user = await db.user.findUnique({ where: { id: userId }, select: { phone: true } });
  return {
    lotId,
    lotLabel: `${lot.project.code} ${lot.project.title}（${lot.title}）`,
    profile: lot.project.procurementType,
    seat: member.seat,
    signedIn: !!member.signedInAt,
    // Masked: the page says where the code goes without printing the number.
    phoneHint: user?.phone ? `${user.phone.slice(0, 3)}****${user.phone.slice(-4)}` : null,
  };
}

/** Sends a sign-in code for the seat to the account's phone (and email). */
export async function requestRepresentativeSeatCode(actor: Actor, raw: unknown, db: Db = getDb()) {
  const { lotId } = parseInput(lotSchema, raw);
  return db.$transaction(async (tx) => {
    const { member, userId } = await pendingSeat(tx, actor, lotId);
    if (member.signedInAt) return { sent: false as const };
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { phone: true, email: true } });
    if (!user.phone) throw new DomainError("evaluation:errors.repNoPhone", {}, 409);
    const c = await issueCode(tx, member.id, "SIGN_IN");
    await notify(tx, {
      recipients: { contacts: [{ phone: user.phone, email: user.email || undefined }] },
      template: "evaluation:notify.signInCode",
      params: { code: c.code, minutes: CODE_MINUTES },
      channels: ["sms", "email"],
      entity: { type: "EvaluationMember", id: member.id },
      dedupeKey: `evaluation-code-${c.id}`,
    });
    await appendAudit(tx, actor, { action: "evaluation.code_sent", entityType: "EvaluationMember", entityId: member.id, detail: { purpose: "SIGN_IN", lotId, kind: member.kind } });
    return { sent: true as const, expiresAt: c.expiresAt };
  }, TX);
}

/** Takes the seat with the code: the member is signed in (then declares, like everyone). */
export async function signInToRepresentativeSeat(actor: Actor, raw: unknown, db: Db = getDb()) {
  const input = parseInput(codeSchema, raw);
  return db.$transaction(async (tx) => {
    const { member } = await pendingSeat(tx, actor, input.lotId);
    if (member.signedInAt) return { signedIn: true as const };
    if (!(await consumeCode(tx, member.id, "SIGN_IN", input.code))) throw codeRefused();
    await tx.evaluationMember.update({ where: { id: member.id }, data: { signedInAt: new Date() } });
    await appendAudit(tx, actor, {
      action: "evaluation.member_signed_in",
      entityType: "EvaluationMember",
      entityId: member.id,
      detail: { lotId: input.lotId, seat: member.seat, first: true, by: "code", kind: member.kind },
    });
    return { signedIn: true as const };
  }, TX);
}
