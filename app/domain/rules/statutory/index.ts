/** Every statutory and platform rule, one file each; profiles.ts decides which apply with which values. */
export { amountsInRange, MAX_AMOUNT_FEN, MAX_AMOUNT_FEN_NUMBER } from "./amounts-in-range";
export { bondMaxPercent } from "./bond-max-percent";
export { bondRefundWithinDays } from "./bond-refund-within-days";
export { candidatesPublicity } from "./candidates-publicity";
export { ceilingPositiveAndWithinBudget } from "./ceiling-positive-and-within-budget";
export { changeNoticeMinDays } from "./change-notice-min-days";
export { committeeComposition } from "./committee-composition";
export { complaintWindow } from "./complaint-window";
export { contractWithinDays } from "./contract-within-days";
export { deadlineInFuture } from "./deadline-in-future";
export { documentsAvailabilityMinDays } from "./documents-availability-min-days";
export { drawTiming } from "./draw-timing";
export { documentsToDeadlineMinDays } from "./documents-to-deadline-min-days";
export { instantsOrdered } from "./instants-ordered";
export { minimumBidsToOpen } from "./minimum-bids-to-open";
export { objectionAnswerWithinDays } from "./objection-answer-within-days";
export { objectionCutoffMinDays } from "./objection-cutoff-min-days";
