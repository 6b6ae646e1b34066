import { DomainError } from "~/domain/errors";
import type { ProfileId } from "~/domain/rules/types";
import { formatInstant } from "./announcement-text";
import { changeNoticeMinDays, proposeDeadline, type TenderRules } from "./tender-rules";

export interface DeadlineDecision {
  deadline: Date;
  /** The deadline was moved by the rule (the notice says so). */
  moved: boolean;
}

/**
 * The bid deadline after a clarification or change published `now` that may affect bid preparation.
 * Inside the 15-day window the deadline moves to the earliest legal instant (proposeDeadlineAfterChange);
 * a deadline the user typed that is still too early is refused with that proposal, never silently changed.
 */
export function deadlineAfterChange(
  profile: ProfileId,
  currentDeadline: Date,
  requested: Date | undefined,
  rules: TenderRules,
  now: Date,
): DeadlineDecision {
  const explicit = requested !== undefined && requested.getTime() !== currentDeadline.getTime();
  const target = explicit ? requested : currentDeadline;
  const proposed = proposeDeadline(profile, target, rules, now);
  if (!proposed) return { deadline: target, moved: false };
  if (explicit) {
    throw new DomainError(
      "tenders:errors.deadlineTooEarlyAfterChange",
      { proposed: formatInstant(proposed), days: changeNoticeMinDays(profile, rules) },
      422,
      "bidDeadline",
    );
  }
  return { deadline: proposed, moved: true };
}
