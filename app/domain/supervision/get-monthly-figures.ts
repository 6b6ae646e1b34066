import type { Actor } from "~/domain/actor";
import { assertCan, can } from "~/domain/accounts/permissions";
import { getDb, type Db } from "~/lib/db.server";
import { inGroup, statusesIn } from "~/domain/tenders/lot-phases";
import { monthRange } from "./month-range";

/** Lots whose result stands (定标 and after: awarded, contracted, archived), from the phase table. */
const AWARDED = statusesIn("resultPublic").filter((s) => inGroup(s, "ended"));

/** One statutory step's clock over the month: how many fell due, how many were met in time. */
export interface StepFigure {
  step: string;
  due: number;
  onTime: number;
}

export interface MonthlyFigures {
  month: string;
  steps: StepFigure[];
  satisfaction: { count: number; average: number | null; byScore: number[] };
  /** Lots whose bid deadline (opening) fell in the month, and complaints filed in the month. */
  complaints: { filed: number; lotsOpened: number };
  /** Of the lots opened in the month that reached an outcome: how many failed (流标). */
  outcomes: { ended: number; failed: number };
  /**
   * Savings on lots opened in the month and awarded. There is no award price in the schema yet (evaluation
   * and award are a later issue): the lowest validly decrypted total price stands in for it.
   */
  savings: { lots: number; ceilingFen: string; awardFen: string; savedFen: string };
  lotsByType: { type: string; lots: number }[];
}

const TRANSITION_STEP: Record<string, string> = {
  CLOSE_DOCS: "closeDocs",
  CLOSE_BIDDING: "closeBidding",
  OPEN_HALL: "openHall",
};

/**
 * The figures of the monthly bulletin (月度通报) for one Shanghai month, each one SQL aggregate: on-time
 * rate of every statutory clock that fell due in the month (scheduled transitions firing within 1 s,
 * objection answers, complaint acceptance and decision), satisfaction ratings given in the month,
 * complaint and failure rates of the lots opened in the month, and savings (ceiling − award price).
 */
export async function getMonthlyFigures(actor: Actor, input: { month: string }, db: Db = getDb()): Promise<MonthlyFigures> {
  // Readers of the statistics, and the worker that renders the bulletin.
  if (!can(actor.role, "document.generate")) assertCan(actor, "statistics.read");
  const { start, end } = monthRange(input.month);
  const [transitions, objections, complaintClocks, ratings, complaints, outcomes, savings, byType] = await Promise.all([
    db.$queryRaw<{ kind: string; due: bigint; ontime: bigint }[]>`
      SELECT kind::text, count(*) AS due, count(*) FILTER (WHERE status = 'DONE' AND "latenessMs" <= 1000) AS ontime
      FROM "ScheduledTransition"
      WHERE "dueAt" >= ${start} AND "dueAt" < ${end} AND "dueAt" < now() AND status <> 'CANCELLED' AND kind <> 'OBJECTION_ANSWER_DUE'
      GROUP BY kind ORDER BY kind`,
    db.$queryRaw<{ due: bigint; ontime: bigint }[]>`
      SELECT count(*) AS due, count(*) FILTER (WHERE "answeredAt" IS NOT NULL AND "answeredAt" <= "answerDueAt") AS ontime
      FROM "Objection" WHERE "answerDueAt" >= ${start} AND "answerDueAt" < ${end} AND "answerDueAt" < now()`,
    db.$queryRaw<{ adue: bigint; aontime: bigint; ddue: bigint; dontime: bigint }[]>`
      SELECT count(*) FILTER (WHERE "acceptDueAt" >= ${start} AND "acceptDueAt" < ${end}) AS adue,
             count(*) FILTER (WHERE "acceptDueAt" >= ${start} AND "acceptDueAt" < ${end}
                              AND coalesce("acceptedAt", "rejectedAt") <= "acceptDueAt") AS aontime,
             count(*) FILTER (WHERE "decisionDueAt" >= ${start} AND "decisionDueAt" < ${end}) AS ddue,
             count(*) FILTER (WHERE "decisionDueAt" >= ${start} AND "decisionDueAt" < ${end} AND "decidedAt" <= "decisionDueAt") AS dontime
      FROM "Complaint"
      WHERE ("acceptDueAt" >= ${start} AND "acceptDueAt" < ${end} AND "acceptDueAt" < now())
         OR ("decisionDueAt" >= ${start} AND "decisionDueAt" < ${end} AND "decisionDueAt" < now())`,
    db.$queryRaw<{ score: number; n: bigint }[]>`
      SELECT score, count(*) AS n FROM "SatisfactionRating" WHERE "createdAt" >= ${start} AND "createdAt" < ${end} GROUP BY score`,
    db.$queryRaw<{ filed: bigint; opened: bigint }[]>`
      SELECT (SELECT count(*) FROM "Complaint" WHERE "filedAt" >= ${start} AND "filedAt" < ${end}) AS filed,
             (SELECT count(*) FROM "Lot" WHERE "bidDeadline" >= ${start} AND "bidDeadline" < ${end} AND "publishedAt" IS NOT NULL) AS opened`,
    db.$queryRaw<{ ended: bigint; failed: bigint }[]>`
      SELECT count(*) FILTER (WHERE status::text = ANY(${[...AWARDED, "FAILED"]}::text[])) AS ended, count(*) FILTER (WHERE status = 'FAILED') AS failed
      FROM "Lot" WHERE "bidDeadline" >= ${start} AND "bidDeadline" < ${end}`,
    db.$queryRaw<{ lots: bigint; ceiling: bigint | null; award: bigint | null }[]>`
      SELECT count(*) AS lots, sum(l."ceilingPriceFen")::bigint AS ceiling, sum(p.price)::bigint AS award
      FROM "Lot" l
      JOIN LATERAL (
        -- The confirmed award price (定标); a lot awarded without one on record: its lowest read-out price.
        SELECT COALESCE((SELECT a."priceFen" FROM "Award" a WHERE a."lotId" = l.id), min(d."totalPriceFen")) AS price
        FROM "OpeningSession" o
        JOIN "BidDecryption" d ON d."sessionId" = o.id AND d.status = 'DECRYPTED' AND d."totalPriceFen" IS NOT NULL
        WHERE o."lotId" = l.id
      ) p ON p.price IS NOT NULL
      WHERE l.status::text = ANY(${[...AWARDED]}::text[]) AND l."bidDeadline" >= ${start} AND l."bidDeadline" < ${end}`,
    db.$queryRaw<{ type: string; lots: bigint }[]>`
      SELECT p."procurementType"::text AS type, count(*) AS lots FROM "Lot" l JOIN "Project" p ON p.id = l."projectId"
      WHERE l."publishedAt" >= ${start} AND l."publishedAt" < ${end} GROUP BY 1 ORDER BY 1`,
  ]);
  const steps: StepFigure[] = transitions.map((r) => ({ step: TRANSITION_STEP[r.kind] ?? r.kind, due: Number(r.due), onTime: Number(r.ontime) }));
  const o = objections[0]!;
  const c = complaintClocks[0]!;
  steps.push(
    { step: "objectionAnswer", due: Number(o.due), onTime: Number(o.ontime) },
    { step: "complaintAcceptance", due: Number(c.adue), onTime: Number(c.aontime) },
    { step: "complaintDecision", due: Number(c.ddue), onTime: Number(c.dontime) },
  );
  const byScore = [1, 2, 3, 4, 5].map((s) => Number(ratings.find((r) => r.score === s)?.n ?? 0));
  const count = byScore.reduce((a, b) => a + b, 0);
  const sum = byScore.reduce((a, n, i) => a + n * (i + 1), 0);
  const s = savings[0]!;
  const ceiling = s.ceiling ?? 0n;
  const award = s.award ?? 0n;
  return {
    month: input.month,
    steps: steps.filter((x) => x.due > 0),
    satisfaction: { count, average: count ? Math.round((sum / count) * 100) / 100 : null, byScore },
    complaints: { filed: Number(complaints[0]!.filed), lotsOpened: Number(complaints[0]!.opened) },
    outcomes: { ended: Number(outcomes[0]!.ended), failed: Number(outcomes[0]!.failed) },
    savings: { lots: Number(s.lots), ceilingFen: ceiling.toString(), awardFen: award.toString(), savedFen: (ceiling - award).toString() },
    lotsByType: byType.map((r) => ({ type: r.type, lots: Number(r.lots) })),
  };
}

/** Share as a percentage with one decimal, or null when nothing fell due. */
export const rate = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 1000) / 10 : null);
