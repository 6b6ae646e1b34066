import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import { DomainError } from "~/domain/errors";
import type { EvaluationSession } from "~/generated/prisma/client";
import type { Tx } from "~/lib/db.server";
import { criteriaOfSession } from "./evaluation-access";
import { parseScoreX100, parseYuanToFen, type Criterion } from "./evaluation-config";

export type Scores = Record<string, Record<string, string>>;

// In SCORING a session's bids are frozen (否决 is decided in REVIEW, decide-rejection.ts; the stage only moves
// on), so each process reads their statuses once per session: an autosave costs one round trip less.
const frozenBids = new Map<string, Map<string, string>>();

async function bidStatuses(tx: Tx, session: EvaluationSession): Promise<Map<string, string>> {
  const frozen = session.stage === "SCORING";
  const hit = frozen ? frozenBids.get(session.id) : undefined;
  if (hit) return hit;
  const bids = await tx.evaluationBid.findMany({ where: { sessionId: session.id }, select: { id: true, status: true } });
  const status = new Map<string, string>(bids.map((b) => [b.id, b.status]));
  if (frozen) {
    if (frozenBids.size >= 500) frozenBids.clear();
    frozenBids.set(session.id, status);
  }
  return status;
}

/**
 * Validates typed cells against the fixed criteria and the valid bids: a number within the criterion's
 * range (two decimals at most); never the price criterion (computed); never a rejected or unknown bid.
 * LOWEST_PRICE: an adjustment in yuan (may be negative). "" clears a cell. The first bad cell is the
 * error, named by its field "scores.<bidId>.<criterionKey>" so the grid shows it inline.
 */
export async function validateCells(tx: Tx, session: EvaluationSession, cells: Scores): Promise<Criterion[]> {
  const criteria = criteriaOfSession(session);
  const status = await bidStatuses(tx, session);
  for (const [bidId, row] of Object.entries(cells)) {
    const st = status.get(bidId);
    if (!st) throw new DomainError("evaluation:errors.unknownBid", {}, 422, `scores.${bidId}`);
    if (st === "REJECTED") throw new DomainError("evaluation:errors.bidRejected", {}, 422, `scores.${bidId}`);
    for (const [key, value] of Object.entries(row)) {
      const field = `scores.${bidId}.${key}`;
      const c = criteria.find((x) => x.key === key);
      if (!c) throw new DomainError("evaluation:errors.unknownCriterion", {}, 422, field);
      if (c.price) throw new DomainError("evaluation:errors.priceComputed", {}, 422, field);
      if (typeof value !== "string") throw new DomainError("evaluation:errors.notANumber", {}, 422, field);
      if (value === "") continue;
      if (session.method === "LOWEST_PRICE") {
        if (parseYuanToFen(value) === null) throw new DomainError("evaluation:errors.notAnAmount", {}, 422, field);
        continue;
      }
      const x = parseScoreX100(value);
      if (x === null) throw new DomainError("evaluation:errors.notANumber", { max: c.max }, 422, field);
      if (x > c.max * 100) throw new DomainError("evaluation:errors.outOfRange", { max: c.max }, 422, field);
    }
  }
  return criteria;
}

export function mergeCells(base: Scores, cells: Scores): Scores {
  const out: Scores = { ...base };
  for (const [bidId, row] of Object.entries(cells)) {
    const merged = { ...(out[bidId] ?? {}) };
    for (const [k, v] of Object.entries(row)) {
      if (v === "") delete merged[k];
      else merged[k] = v;
    }
    out[bidId] = merged;
  }
  return out;
}

/** The sealed content of a sheet: its valid bids × typed criteria (canonical), and its SHA-256. */
export function sealSheet(sessionId: string, member: { id: string; seat: number }, scores: Scores, validBidIds: readonly string[], criteria: readonly Criterion[]) {
  const typed = criteria.filter((c) => !c.price).map((c) => c.key);
  const content: Scores = {};
  for (const b of validBidIds) content[b] = Object.fromEntries(typed.map((k) => [k, scores[b]?.[k] ?? ""]));
  const missing = validBidIds.flatMap((b) => typed.filter((k) => !content[b]![k]).map((k) => `scores.${b}.${k}`));
  const sha256 = sha256Hex(canonicalJson({ sessionId, memberId: member.id, seat: member.seat, scores: content }));
  return { content, sha256, missing };
}
