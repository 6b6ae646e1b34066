import { z } from "zod";

/**
 * The frozen result of a lot's evaluation — the contract between the evaluation area (which writes it once,
 * in the transaction that signs off the report: `saveEvaluationOutcome`) and the award area (publicity,
 * award, notices, contract, refunds, archive, OCDS), which only reads it (`getEvaluationOutcome`).
 * Stored as JSON in EvaluationOutcome.outcome; amounts in fen as decimal strings (JSON has no bigint).
 */
const fen = z.string().regex(/^\d{1,16}$/);

export const RankedBidSchema = z.object({
  bidId: z.string().uuid(),
  bidderOrgId: z.string().uuid(),
  /** Company name as read out at the opening (so notices never need another lookup). */
  bidderName: z.string(),
  /** 1 = first; the committee's final order (ties broken by the rule named in `tieBreakRule`). */
  rank: z.number().int().min(1),
  /** Price read out at the opening (开标一览表), fen. */
  bidPriceFen: fen,
  /** COMPREHENSIVE: mean total score, two decimals as a string ("87.45"); null for LOWEST_PRICE. */
  totalScore: z.string().regex(/^\d{1,3}\.\d{2}$/).nullable(),
  /** LOWEST_PRICE: evaluated price in fen; null for COMPREHENSIVE. */
  evaluatedPriceFen: fen.nullable(),
});

export const RejectedBidSchema = z.object({
  bidId: z.string().uuid(),
  bidderOrgId: z.string().uuid(),
  bidderName: z.string(),
  /** Rule id of the ground (实施条例 art. 51 list or profile rule), e.g. "art51.overCeiling". */
  ground: z.string(),
  /** The committee's written reason, citing the clause. */
  reason: z.string(),
});

export const CommitteeMemberSchema = z.object({
  name: z.string(),
  kind: z.enum(["EXPERT", "BUYER_REPRESENTATIVE"]),
  isChair: z.boolean(),
  /** Signed the report, or dissented in writing (实施条例 art. 53). */
  signature: z.enum(["SIGNED", "DISSENTED", "DEEMED_AGREED"]),
  dissent: z.string().nullable(),
});

export const EvaluationOutcomeSchema = z.object({
  lotId: z.string().uuid(),
  method: z.enum(["LOWEST_PRICE", "COMPREHENSIVE"]),
  /** Every scored bid, ranked; the candidates are the first ≤ 3 (实施条例 art. 53). */
  ranking: z.array(RankedBidSchema),
  rejected: z.array(RejectedBidSchema),
  committee: z.array(CommitteeMemberSchema),
  /** The signed 评标报告 (Document id) and the SHA-256 of its PDF. */
  reportDocumentId: z.string().uuid().nullable(),
  reportSha256: z.string().regex(/^[0-9a-f]{64}$/),
  tieBreakRule: z.string(),
  completedAt: z.string().datetime(),
});

export type RankedBid = z.infer<typeof RankedBidSchema>;
export type RejectedBid = z.infer<typeof RejectedBidSchema>;
export type CommitteeMember = z.infer<typeof CommitteeMemberSchema>;
export type EvaluationOutcome = z.infer<typeof EvaluationOutcomeSchema>;

/** At most three ranked candidates are published (实施条例 art. 53). */
export function candidatesOf(outcome: EvaluationOutcome): RankedBid[] {
  return outcome.ranking.slice(0, 3);
}
