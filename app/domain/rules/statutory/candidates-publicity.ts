import { isWithinPeriod, periodCount, periodLastDay, type PeriodUnit } from "../periods";
import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { publishWithin: number; publishUnit: PeriodUnit; minDuration: number; durationUnit: PeriodUnit };

/**
 * 工程: candidates are publicised within 3 days of receiving the evaluation report, for at least 3 days.
 * 政府采购: the result is announced within 2 working days of the winner being determined, for 1 working
 * day. Not yet published past the due day is reported too (overdue).
 */
export const candidatesPublicity: Rule<P> = {
  id: "candidatesPublicity",
  article: {
    CONSTRUCTION: { zh: "招标投标法实施条例第五十四条", en: "Tendering Law Implementing Regulation art. 54" },
    GOVERNMENT_PROCUREMENT: {
      zh: "政府采购法实施条例第四十三条、财政部令第87号第六十九条",
      en: "Government Procurement Law Implementing Regulation art. 43; MOF Order No. 87 art. 69",
    },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { publishWithin: "atMost", publishUnit: "fixed", minDuration: "atLeast", durationUnit: "fixed" },
  check(input, p, calendar) {
    const pub = input.publicity;
    if (!pub) return null;
    const start = pub.startsAt ?? input.now;
    if (!isWithinPeriod(calendar, p.publishUnit, pub.basisAt, p.publishWithin, start)) {
      const due = periodLastDay(calendar, p.publishUnit, pub.basisAt, p.publishWithin);
      const how = pub.startsAt ? "late" : "overdue";
      return violationOf(this, input, { max: p.publishWithin, due }, "publicity", how);
    }
    if (pub.startsAt && pub.endsAt) {
      const actual = periodCount(calendar, p.durationUnit, pub.startsAt, pub.endsAt);
      if (actual < p.minDuration) {
        return violationOf(this, input, { min: p.minDuration, actual }, "publicity", "short");
      }
    }
    return null;
  },
};
