import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { assertStage, memberOf } from "./evaluation-access";
import { mergeCells, validateCells, type Scores } from "./score-sheet";

/** Loaded machines and large lots: the committee waits rather than fails. */
const TX = { timeout: 60_000, maxWait: 15_000 };

const cell = z.string().max(20);
export const draftSchema = z.object({
  lotId: z.uuid(),
  scores: z.record(z.uuid(), z.record(z.string().max(40), cell)),
  /** The version the client last saw: a stale save (another tab) is refused, not merged blindly. */
  baseVersion: z.number().int().min(0).optional(),
});

/**
 * Autosave of a member's own sheet (draft, unseen by anyone else). Validated cell by cell; merged under
 * a row lock so two saves at once apply one after the other (a stale baseVersion is refused with 409).
 * A submitted sheet is not a draft any more: a change needs reviseScoreSheet with a reason.
 */
export async function saveScoreDraft(actor: Actor, raw: unknown, db: Db = getDb()) {
  const input = parseInput(draftSchema, raw);
  const { session, member } = await memberOf(db, actor, input.lotId, { declared: true });
  assertStage(session, "SCORING");
  return db.$transaction(async (tx) => {
    await validateCells(tx, session, input.scores as Scores);
    const now = new Date();
    // One round trip: create the sheet on the first save, else lock the existing row (an ON CONFLICT update
    // takes the row lock as FOR UPDATE would) and read it back.
    const [sheet] = await tx.$queryRaw<{ id: string; status: string; scores: Scores; version: number }[]>`
      INSERT INTO "ScoreSheet" (id, "sessionId", "memberId", "updatedAt") VALUES (gen_random_uuid(), ${session.id}::uuid, ${member.id}::uuid, ${now})
      ON CONFLICT ("memberId") DO UPDATE SET "memberId" = EXCLUDED."memberId"
      RETURNING id, status::text, scores, version`;
    if (sheet!.status !== "DRAFT") throw new DomainError("evaluation:errors.sheetSubmitted", {}, 409);
    if (input.baseVersion !== undefined && input.baseVersion !== sheet!.version) throw new DomainError("evaluation:errors.staleSheet", { version: sheet!.version }, 409);
    const scores = mergeCells(sheet!.scores, input.scores as Scores);
    const version = sheet!.version + 1;
    await tx.scoreSheet.update({ where: { id: sheet!.id }, data: { scores, version, updatedAt: now } });
    await appendAudit(tx, actor, {
      action: "evaluation.draft_saved",
      entityType: "ScoreSheet",
      entityId: sheet!.id,
      detail: { lotId: input.lotId, seat: member.seat, cells: Object.values(input.scores).reduce((n, r) => n + Object.keys(r).length, 0), version },
    });
    return { version, savedAt: now };
  }, TX);
}
