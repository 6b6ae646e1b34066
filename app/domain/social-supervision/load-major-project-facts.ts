import type { Db } from "~/lib/db.server";
import { majorLotSql, majorProjectThresholdFen } from "./major-project";

/** A major lot's draw or opening and how many supervisors attended it (alert rule major-project-unattended). */
export interface MajorProjectFact {
  lotId: string;
  kind: "DRAW" | "OPENING";
  /** Draw id or OpeningSession id. */
  refId: string;
  /** Draw: drawnAt. Opening: startedAt, or openedAt while the hall only signs in. */
  at: Date;
  /** DONE: drawn / opening started; OPEN: the hall is open for sign-in, not started yet. */
  stage: "DONE" | "OPEN";
  attended: number;
}

/** Looked at over the last 30 days (alerts are raised once; older acts are history). */
const WINDOW_MS = 30 * 86_400_000;

export async function loadMajorProjectFacts(db: Db, now: Date, threshold = majorProjectThresholdFen()): Promise<MajorProjectFact[]> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const attended = (kind: string, ref: string) =>
    `(SELECT count(*) FROM "SupervisorAttendance" a WHERE a.kind = '${kind}' AND a."refId" = ${ref})::int`;
  return db.$queryRawUnsafe<MajorProjectFact[]>(
    `SELECT d."lotId"::text AS "lotId", 'DRAW' AS kind, d.id::text AS "refId", d."drawnAt" AS at, 'DONE' AS stage,
            ${attended("DRAW", "d.id")} AS attended
       FROM "Draw" d JOIN "Lot" l ON l.id = d."lotId"
      WHERE d."drawnAt" IS NOT NULL AND d."drawnAt" > $2 AND d."drawnAt" <= $3 AND ${majorLotSql("l", "$1")}
     UNION ALL
     SELECT s."lotId"::text, 'OPENING', s.id::text, COALESCE(s."startedAt", s."openedAt"),
            CASE WHEN s."startedAt" IS NULL THEN 'OPEN' ELSE 'DONE' END, ${attended("OPENING", "s.id")}
       FROM "OpeningSession" s JOIN "Lot" l ON l.id = s."lotId"
      WHERE s."openedAt" > $2 AND s."openedAt" <= $3 AND s.state <> 'WAITING'
        AND (s."startedAt" IS NOT NULL OR s.state = 'SIGN_IN') AND ${majorLotSql("l", "$1")}
      LIMIT 5000`,
    threshold,
    since,
    now,
  );
}
