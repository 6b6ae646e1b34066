import { DomainError } from "~/domain/errors";
import type { OpeningState } from "~/generated/prisma/enums";
import type { Tx } from "~/lib/db.server";

/**
 * THE hall state machine (like the lot's, app/domain/tenders/lot-lifecycle.ts): every change of
 * OpeningSession.state goes through `moveHall` below, a conditional UPDATE on the expected state — so two
 * host actions racing each other (two tabs, two hosts) cannot both win: the second finds the row moved
 * and is refused with hallStateChanged.
 */
export type HallEvent =
  | "open" // the deadline engine opens the hall (签到 begins)
  | "start" // host starts the opening with ≥ 3 bids → decryption window
  | "fail" // host starts with < 3 bids → 流标
  | "close_decryption" // the window ends (job) or the host closes it when every bid is settled → 唱标
  | "start_confirmation" // host asks the bidders to confirm the record
  | "close"; // every bidder answered or the limit passed (silence recorded) → record

export interface HallTransition {
  event: HallEvent;
  from: OpeningState;
  to: OpeningState;
}

export const HALL_TRANSITIONS: readonly HallTransition[] = [
  { event: "open", from: "WAITING", to: "SIGN_IN" },
  { event: "start", from: "SIGN_IN", to: "DECRYPTING" },
  { event: "fail", from: "SIGN_IN", to: "FAILED" },
  { event: "close_decryption", from: "DECRYPTING", to: "READING" },
  { event: "start_confirmation", from: "READING", to: "CONFIRMING" },
  { event: "close", from: "CONFIRMING", to: "CLOSED" },
];

const byKey = new Map(HALL_TRANSITIONS.map((t) => [`${t.from}|${t.event}`, t]));

/** Pure: the state `event` leads to from `from`, or a 409 refusal. */
export function planHallTransition(from: OpeningState, event: HallEvent): OpeningState {
  const t = byKey.get(`${from}|${event}`);
  if (!t) throw new DomainError("opening:errors.wrongStep", { state: from, event }, 409);
  return t.to;
}

/**
 * Moves the session from `from` with `event`, writing `data` in the same UPDATE. Refuses (409) when the
 * session is no longer in `from` — the loser of a race gets a clear refusal and changes nothing.
 */
export async function moveHall(
  tx: Tx,
  sessionId: string,
  from: OpeningState,
  event: HallEvent,
  data: Record<string, unknown> = {},
): Promise<OpeningState> {
  const to = planHallTransition(from, event);
  const { count } = await tx.openingSession.updateMany({ where: { id: sessionId, state: from }, data: { ...data, state: to } });
  if (count === 0) throw new DomainError("opening:errors.hallStateChanged", {}, 409);
  return to;
}
