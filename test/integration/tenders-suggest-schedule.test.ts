import { describe, expect, it } from "vitest";
import { checkTenderSchedule } from "~/domain/rules/check-tender-schedule";
import { shanghaiDate } from "~/domain/rules/dates";
import type { ProfileId } from "~/domain/rules/types";
import { isWorkingDay, nthWorkingDayAfter } from "~/domain/rules/working-days";
import { REVIEW_WORKING_DAYS, suggestLotSchedule, type SuggestedSchedule } from "~/domain/tenders/suggest-lot-schedule";
import { loadTenderRules } from "~/domain/tenders/tender-rules";
import { formatShanghai } from "~/lib/time";
import { seedCalendar } from "../../prisma/seed/calendar";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";

/**
 * The new-lot form's suggested schedule comes from the rules' periods and the centre's holiday calendar
 * (suggestLotSchedule): across 国庆 2026 (1–7 October holidays, Saturday 10 October a make-up working day)
 * it must pass every schedule rule, also when the lot is published only after the review margin, and put
 * every cut-off on a working day.
 */
const { db } = await useTestDb();
useQueuePrefix();
await seedCalendar(db);

const sh = (s: string) => new Date(`${s.replace(" ", "T")}+08:00`);
const show = (s: SuggestedSchedule) =>
  Object.fromEntries(
    (["docsAvailableFrom", "docsAvailableTo", "clarificationCutoff", "objectionCutoff", "bidDeadline"] as const).map((k) => [
      k,
      formatShanghai(s[k], "yyyy-MM-dd HH:mm"),
    ]),
  );
const amounts = { estimatedPriceFen: 100_000_000_00n, ceilingPriceFen: 95_000_000_00n, bondFen: 1_000_000_00n };

/** Monday 28 September 2026, 10:05 Beijing time: the documents and objection periods run into 国庆. */
const now = sh("2026-09-28 10:05");

async function expectLegal(profile: ProfileId, s: SuggestedSchedule) {
  const r = await loadTenderRules(db);
  const facts = { ...s, ...amounts };
  expect(checkTenderSchedule(profile, facts, r.params, r.calendar, now)).toEqual([]);
  // Published as late as the review margin allows (docsAvailableFrom becomes the publication instant).
  const publishedAt = sh(`${nthWorkingDayAfter(r.calendar, shanghaiDate(s.docsAvailableFrom), REVIEW_WORKING_DAYS)} 23:59`);
  const late = checkTenderSchedule(profile, { ...facts, docsAvailableFrom: publishedAt }, r.params, r.calendar, publishedAt);
  expect(late).toEqual([]);
  for (const k of ["docsAvailableTo", "clarificationCutoff", "objectionCutoff", "bidDeadline"] as const) {
    expect(isWorkingDay(r.calendar, s[k]), `${k} ${formatShanghai(s[k], "yyyy-MM-dd")}`).toBe(true);
  }
}

describe("suggested schedule across 国庆", () => {
  it("工程: calendar-day periods, the documents close on the first working day after the holiday", async () => {
    const s = await suggestLotSchedule("CONSTRUCTION", now);
    expect(show(s)).toEqual({
      docsAvailableFrom: "2026-09-28 11:00",
      // Published by Wed 30 Sep; 5 days end on Mon 5 Oct, a holiday → Thu 8 Oct (民法典第二百零三条).
      docsAvailableTo: "2026-10-08 17:00",
      // Questions until the documents close at the earliest; 16 days before the deadline is Sat 10 Oct, a make-up working day.
      clarificationCutoff: "2026-10-10 17:00",
      objectionCutoff: "2026-10-16 17:00",
      // ≥ 20 days after publication and ≥ 16 after the documents close (Sat 24 Oct) → Monday.
      bidDeadline: "2026-10-26 09:30",
    });
    expect(s.decryptionWindowMinutes).toBe(30);
    await expectLegal("CONSTRUCTION", s);
  });

  it("政府采购: working-day periods skip 1–7 October and count the make-up Saturday", async () => {
    const s = await suggestLotSchedule("GOVERNMENT_PROCUREMENT", now);
    expect(show(s)).toEqual({
      docsAvailableFrom: "2026-09-28 11:00",
      // 5 working days after Wed 30 Sep: 8, 9, 10 (Sat, 调休), 12, 13 October.
      docsAvailableTo: "2026-10-13 17:00",
      clarificationCutoff: "2026-10-13 17:00",
      // 7 working days after the documents close.
      objectionCutoff: "2026-10-22 17:00",
      bidDeadline: "2026-10-29 09:30",
    });
    await expectLegal("GOVERNMENT_PROCUREMENT", s);
  });

  it("follows the centre's stricter parameters (a longer documents period)", async () => {
    await db.ruleSetting.create({ data: { profile: "CONSTRUCTION", ruleId: "documentsAvailabilityMinDays", params: { minDays: 12 } } });
    try {
      const s = await suggestLotSchedule("CONSTRUCTION", now);
      // 12 days after Wed 30 Sep: Mon 12 Oct.
      expect(formatShanghai(s.docsAvailableTo, "yyyy-MM-dd")).toBe("2026-10-12");
      await expectLegal("CONSTRUCTION", s);
    } finally {
      await db.ruleSetting.deleteMany({});
    }
  });

  it("any start over three months (国庆 and 2027 元旦 included) passes the rules", async () => {
    for (let d = 0; d < 90; d += 3) {
      const at = new Date(sh("2026-09-01 08:20").getTime() + d * 86_400_000 + d * 3_600_000);
      for (const profile of ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"] as const) {
        const s = await suggestLotSchedule(profile, at);
        const r = await loadTenderRules(db);
        expect(checkTenderSchedule(profile, { ...s, ...amounts }, r.params, r.calendar, at), `${profile} ${at.toISOString()}`).toEqual([]);
      }
    }
  });
});
