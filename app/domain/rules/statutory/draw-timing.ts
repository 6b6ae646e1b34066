import { shanghaiDate, shanghaiTimeOfDayMs, startOfShanghaiDay } from "../dates";
import type { Rule } from "../types";
import { violationOf } from "../violation";
import { nthWorkingDayAfter } from "../working-days";

type P = { maxWorkingDaysBefore: number };

/** "2026-06-01 09:30" in Beijing time: how the earliest instant and the evaluation are named in messages. */
function beijing(instant: Date): string {
  const m = Math.floor(shanghaiTimeOfDayMs(instant) / 60_000);
  return `${shanghaiDate(instant)} ${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/**
 * 政府采购: experts are drawn no earlier than 2 working days before the evaluation starts, so that the
 * names have little time to leak. Read as days: the draw may happen from 00:00 (Beijing) of the 2nd working
 * day before the evaluation's date — evaluation Wednesday 09:00 → from Monday 00:00. A centre may shorten
 * the period (atMost). The article's exceptions (竞争性谈判/磋商, 异地评审) are not modelled: procurement
 * methods are not recorded on a lot yet. `now` is the instant of the draw request.
 */
export function earliestDrawInstant(calendar: Parameters<typeof nthWorkingDayAfter>[0], evaluationAt: Date, days: number): Date {
  return days <= 0 ? startOfShanghaiDay(shanghaiDate(evaluationAt)) : startOfShanghaiDay(nthWorkingDayAfter(calendar, shanghaiDate(evaluationAt), -days));
}

export const drawTiming: Rule<P> = {
  id: "drawTiming",
  article: {
    GOVERNMENT_PROCUREMENT: {
      zh: "政府采购评审专家管理办法（财库〔2016〕198号）第十三条",
      en: "Measures for the Administration of Government Procurement Evaluation Experts (Cai Ku [2016] No. 198) art. 13",
    },
  },
  appliesTo: ["GOVERNMENT_PROCUREMENT"],
  paramSpec: { maxWorkingDaysBefore: "atMost" },
  check(input, { maxWorkingDaysBefore }, calendar) {
    if (!input.evaluationAt) return null;
    const earliest = earliestDrawInstant(calendar, input.evaluationAt, maxWorkingDaysBefore);
    if (input.now.getTime() >= earliest.getTime()) return null;
    return violationOf(this, input, { max: maxWorkingDaysBefore, earliest: beijing(earliest), evaluationAt: beijing(input.evaluationAt) }, "evaluationAt");
  },
};
