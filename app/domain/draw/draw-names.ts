import type { Actor } from "~/domain/actor";
import { can } from "~/domain/accounts/permissions";
import { isCentreStaff } from "~/domain/tenders/staff-scope";
import type { LotStatus } from "~/generated/prisma/enums";
import type { Db, Tx } from "~/lib/db.server";
import { RESULT_FINAL_LOT_STATES } from "./draw-facts";

/**
 * THE rule of who learns the drawn experts' names, and when (实施条例 art. 46: 评标委员会成员的名单在中标结果
 * 确定前应当保密; 《评标专家和评标专家库管理暂行办法》). A rule of time, never of a button: staff marking a
 * draw final unseals nothing.
 * - "full": supervisors, always (they watch the draw and may call the experts).
 * - "result": once the result is out (候选人公示 or later), staff of the project see the committee: name,
 *   title, employer — never the phone.
 * - "signIn": from the evaluation's start (lot in EVALUATION and its time reached), the centre's staff
 *   running the evaluation room see the committee's sign-in list: the confirmed members' names, nothing more.
 * - "none": everyone else, and everyone before then (the buyer's and the agent's staff until the result).
 * Bidders and the public never read a draw view; the public proof reveals codes with the result only.
 */
export type DrawNames = "full" | "result" | "signIn" | "none";

/** Lot states from which the evaluation may have started (the time must have come too). */
const EVALUATION_STATES: readonly LotStatus[] = ["EVALUATION"];

export function isResultOut(lotStatus: LotStatus | null | undefined): boolean {
  return !!lotStatus && RESULT_FINAL_LOT_STATES.includes(lotStatus);
}

export async function drawNamesFor(
  db: Tx | Db,
  actor: Actor,
  facts: { lotStatus: LotStatus | null; evaluationAt: Date; now: Date },
): Promise<DrawNames> {
  if (can(actor.role, "draw.names.read")) return "full";
  if (actor.role !== "STAFF") return "none";
  if (isResultOut(facts.lotStatus)) return "result";
  if (facts.lotStatus && EVALUATION_STATES.includes(facts.lotStatus) && facts.evaluationAt <= facts.now && (await isCentreStaff(db, actor)))
    return "signIn";
  return "none";
}
