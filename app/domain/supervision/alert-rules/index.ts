import { complaintAcceptanceClock } from "./complaint-acceptance-clock";
import { complaintDecisionClock } from "./complaint-decision-clock";
import { expertConfirmationDue } from "./expert-confirmation-due";
import { identicalDocumentAuthor } from "./identical-document-author";
import { identicalFileHash } from "./identical-file-hash";
import { majorProjectUnattended } from "./major-project-unattended";
import { nearlyIdenticalPrices } from "./nearly-identical-prices";
import { objectionAnswerDue } from "./objection-answer-due";
import { openingNotStarted } from "./opening-not-started";
import { operationsOutsideWorkingHours } from "./operations-outside-working-hours";
import { pricePattern } from "./price-pattern";
import { publicityEndingWithoutAward } from "./publicity-ending-without-award";
import { repeatedDraw } from "./repeated-draw";
import { sameBondAccount } from "./same-bond-account";
import { sameDevice } from "./same-device";
import { sameUploadIp } from "./same-upload-ip";
import { scoringDeviation } from "./scoring-deviation";
import type { AlertFacts, AlertRule, RaisedAlert } from "./types";

/**
 * Every alert rule, one file each. Add a rule here and it runs every minute (evaluateAlertRules).
 * A rule's dedupeKey names the lot, kind and evidence but not the severity: yellow turns red in place.
 */
export const ALERT_RULES: readonly AlertRule[] = [
  objectionAnswerDue,
  openingNotStarted,
  publicityEndingWithoutAward,
  complaintAcceptanceClock,
  complaintDecisionClock,
  expertConfirmationDue,
  operationsOutsideWorkingHours,
  repeatedDraw,
  sameUploadIp,
  sameDevice,
  identicalFileHash,
  sameBondAccount,
  nearlyIdenticalPrices,
  pricePattern,
  identicalDocumentAuthor,
  majorProjectUnattended,
  scoringDeviation,
];

/** All rules over the facts (pure). */
export function runAlertRules(facts: AlertFacts, rules: readonly AlertRule[] = ALERT_RULES): RaisedAlert[] {
  return rules.flatMap((r) => r.evaluate(facts));
}
