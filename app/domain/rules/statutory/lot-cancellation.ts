import { isWithinPeriod, periodLastDay, type PeriodUnit } from "../periods";
import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { withinDays: number; unit: PeriodUnit };

/** A reason is written into the public notice: a word or two is not a reason. */
export const CANCELLATION_REASON_MIN_CHARS = 4;

/**
 * 终止招标 (工程: 招标投标法实施条例第三十一条; 政府采购: 财政部令第87号第二十九条). A tender may not be
 * stopped silently: a cancellation notice is published where the tender notice was, every bidder who
 * obtained the documents is told in writing, and the document fees and bid bonds (with the bank's
 * interest) are refunded. 工程 says "及时": the centre's period is 5 days (the same as after a contract,
 * art. 57); 政府采购 says 5 working days. The portal issues documents free of charge, so what is owed
 * back is the bonds (app/domain/tenders/cancel-lot.ts does the four duties in one transaction).
 * This rule checks what can be checked of it: a written reason, and the refunds within the period.
 */
export const lotCancellation: Rule<P> = {
  id: "lotCancellation",
  article: {
    CONSTRUCTION: { zh: "招标投标法实施条例第三十一条", en: "Tendering Law Implementing Regulation art. 31" },
    GOVERNMENT_PROCUREMENT: {
      zh: "政府采购货物和服务招标投标管理办法（财政部令第87号）第二十九条",
      en: "MOF Order No. 87 (Goods and Services Tendering) art. 29",
    },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { withinDays: "atMost", unit: "fixed" },
  check(input, { withinDays, unit }, calendar) {
    const c = input.cancellation;
    if (!c) return null;
    if ((c.reason ?? "").trim().length < CANCELLATION_REASON_MIN_CHARS) {
      return violationOf(this, input, { min: CANCELLATION_REASON_MIN_CHARS }, "reason", "reason");
    }
    if (!c.refundsOpen || isWithinPeriod(calendar, unit, c.cancelledAt, withinDays, c.refundedAt ?? input.now)) return null;
    const due = periodLastDay(calendar, unit, c.cancelledAt, withinDays);
    return violationOf(this, input, { max: withinDays, due }, "refund", c.refundedAt ? "late" : "overdue");
  },
};
