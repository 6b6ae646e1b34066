import { TZDate } from "@date-fns/tz";
import { addDays, shanghaiDate, type DateStr } from "~/domain/rules/dates";
import { periodLastDay, type PeriodUnit } from "~/domain/rules/periods";
import { ruleParam } from "~/domain/rules/rule-param";
import type { ProfileId } from "~/domain/rules/types";
import { nthWorkingDayAfter, workingDayOnOrAfter } from "~/domain/rules/working-days";
import { getDb } from "~/lib/db.server";
import { CENTRE_TZ } from "~/lib/time";
import { LOT_LIMITS, type LotSchedule } from "./lot-terms";
import { changeNoticeMinDays, loadTenderRules, type TenderRules } from "./tender-rules";

export type SuggestedSchedule = LotSchedule;

/**
 * Working days the suggestion leaves for 一审一核 before publication: the periods are counted as if the lot
 * were published that late (publication moves docsAvailableFrom to its own instant, documentsFromPublication),
 * so a draft reviewed within them still meets every minimum without editing the dates.
 */
export const REVIEW_WORKING_DAYS = 2;

/**
 * The schedule the new-lot form starts from (server clock), so staff edit dates instead of computing them.
 * Every period is the rules' own, for the project's procurement type, with the centre's parameters
 * (stricter overrides included) and the holiday calendar (holidays skipped, make-up working days counted):
 * documents from the next full hour, available for the statutory minimum after the assumed publication,
 * closing on a working day at 17:00; the bid deadline at 09:30 on the first working day the documents-to-
 * deadline minimum (and the two cut-offs below) allows; the objection cut-off at 17:00 on a working day —
 * 工程 at least the minimum before the deadline, 政府采购 the minimum working days after the documents
 * close; the clarification cut-off at 17:00 on the last working day that still leaves the change-notice
 * minimum before the deadline for the answer, never before the documents close. The rules still decide.
 */
export async function suggestLotSchedule(
  procurementType: ProfileId,
  now = new Date(),
  rules?: TenderRules,
): Promise<SuggestedSchedule> {
  const r = rules ?? (await loadTenderRules(getDb()));
  const cal = r.calendar;
  const param = (ruleId: string) => ruleParam({ profile: procurementType, rules: r }, ruleId);
  const availability = param("documentsAvailabilityMinDays");
  const objection = param("objectionCutoffMinDays");
  const objectionDays = Number(objection.minDays);
  const objectionAfterDocs = objection.mode === "AFTER_DOCUMENTS";

  const from = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  const published = nthWorkingDayAfter(cal, shanghaiDate(from), REVIEW_WORKING_DAYS);
  const onOrBefore = (d: DateStr): DateStr => nthWorkingDayAfter(cal, addDays(d, 1), -1);
  const later = (...ds: DateStr[]): DateStr => ds.reduce((a, b) => (b > a ? b : a));

  // A period in days ending on a rest day already moves to the next working day (periodLastDay).
  const docsTo = periodLastDay(cal, availability.unit as PeriodUnit, published, Number(availability.minDays));
  const objectionGp = objectionAfterDocs
    ? workingDayOnOrAfter(cal, periodLastDay(cal, objection.unit as PeriodUnit, docsTo, objectionDays))
    : null;
  // Questions close a day before the last clarification that still meets the change-notice minimum, and
  // not before the documents close (a bidder who obtains them on the last day may still ask).
  const clarificationLead = changeNoticeMinDays(procurementType, r) + 1;
  const deadline = workingDayOnOrAfter(
    cal,
    later(
      addDays(published, Number(param("documentsToDeadlineMinDays").minDays)),
      addDays(docsTo, clarificationLead),
      objectionGp ? addDays(objectionGp, 1) : addDays(docsTo, objectionDays),
    ),
  );
  const objectionCutoff = objectionGp ?? onOrBefore(addDays(deadline, -objectionDays));
  const clarification = later(docsTo, onOrBefore(addDays(deadline, -clarificationLead)));

  return {
    docsAvailableFrom: from,
    docsAvailableTo: at(docsTo, 17, 0),
    clarificationCutoff: at(clarification, 17, 0),
    objectionCutoff: at(objectionCutoff, 17, 0),
    bidDeadline: at(deadline, 9, 30),
    decryptionWindowMinutes: LOT_LIMITS.decryptionWindowDefault,
  };
}

/** hh:mm Beijing time on a Shanghai calendar date. */
function at(date: DateStr, hh: number, mm: number): Date {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(new TZDate(y!, m! - 1, d!, hh, mm, 0, 0, CENTRE_TZ).getTime());
}
