import { describe, expect, it } from "vitest";
import { PROFILES } from "~/domain/rules/profiles";
import { PROFILE_IDS } from "~/domain/rules/types";
import { planTransitions } from "~/domain/schedule/plan-transitions";
import { findTransition, LOT_EVENTS, TRANSITIONS } from "~/domain/tenders/lot-lifecycle";
import { inGroup, LOT_STATUSES, PHASES, phaseOf, phaseRow, roadOf, statusesIn, type LotGroup } from "~/domain/tenders/lot-phases";
import { LotStatus, TransitionKind } from "~/generated/prisma/enums";

/** Walks the phase table (lot-phases.ts) against the transition map, the schedule and every rule profile. */
describe("the lot phase table", () => {
  it("has exactly one row per LotStatus value", () => {
    expect([...LOT_STATUSES].sort()).toEqual(Object.values(LotStatus).sort());
  });

  it("every transition lands in the row that declares it, and every row is entered (DRAFT is created)", () => {
    for (const t of TRANSITIONS) {
      if (t.to === "PREVIOUS") expect(phaseRow(t.from).resumedBy?.event).toBe(t.event);
      else expect(phaseRow(t.to).enteredBy.map((e) => e.event)).toContain(t.event);
    }
    for (const p of PHASES) {
      if (p.status !== "DRAFT") expect(TRANSITIONS.some((t) => t.to === p.status), p.status).toBe(true);
      for (const e of p.enteredBy) {
        const froms = typeof e.from === "string" ? statusesIn(e.from) : e.from;
        expect(froms.length, `${p.status} ${e.event}`).toBeGreaterThan(0);
        for (const from of froms) expect(findTransition(from, e.event)?.to).toBe(p.status);
      }
    }
    // Every event is used somewhere; every status but ARCHIVED can be left.
    for (const e of LOT_EVENTS) expect(TRANSITIONS.some((t) => t.event === e), e).toBe(true);
    for (const s of LOT_STATUSES) if (s !== "ARCHIVED") expect(TRANSITIONS.some((t) => t.from === s), s).toBe(true);
  });

  it("the groups are consistent with the map", () => {
    // Suspendable = live; resume returns to a live state; a terminal (ended) lot cannot be suspended.
    expect(TRANSITIONS.filter((t) => t.event === "suspend").map((t) => t.from)).toEqual(statusesIn("live"));
    for (const s of statusesIn("ended")) expect(findTransition(s, "suspend")).toBeUndefined();
    expect(statusesIn("running")).toEqual(LOT_STATUSES.filter((s) => inGroup(s, "live") || s === "SUSPENDED"));
    expect(statusesIn("public")).toEqual(LOT_STATUSES.filter((s) => !inGroup(s, "internal")));
    for (const s of statusesIn("opened")) expect(inGroup(s, "biddingClosed")).toBe(true);
    for (const s of statusesIn("openForBids")) expect(inGroup(s, "beforeOpening") && inGroup(s, "drawable")).toBe(true);
    const groups: LotGroup[] = [
      "internal", "public", "openForBids", "beforeOpening", "drawable", "live", "running", "biddingClosed", "opened",
      "openedRunning", "hallLinked", "resultPublic", "ended", "halted", "cancellable", "failable", "archivable", "road",
    ];
    for (const g of groups) expect(statusesIn(g).length, g).toBeGreaterThan(0);
    expect(inGroup("NOT_A_STATUS", "public")).toBe(false);
    expect(inGroup(null, "public")).toBe(false);
  });

  it("every deadline names a rule of every profile, and a period's parameters exist there", () => {
    for (const p of PHASES) {
      for (const d of p.deadlines) {
        for (const profile of PROFILE_IDS) {
          const entry = PROFILES[profile].entries.find((e) => e.rule.id === d.ruleId);
          expect(entry, `${p.status} ${d.ruleId} in ${profile}`).toBeDefined();
          if (d.period) {
            expect(typeof entry!.defaults[d.period.count]).toBe("number");
            expect(["DAYS", "WORKING_DAYS"]).toContain(entry!.defaults[d.period.unit]);
          }
        }
      }
    }
  });

  it("the scheduler plans exactly the phase's scheduled transitions; every lot-level kind is some phase's", () => {
    const lot = { docsAvailableTo: new Date("2026-12-01T00:00:00Z"), bidDeadline: new Date("2026-12-20T02:00:00Z") };
    for (const status of LOT_STATUSES) {
      const want = phaseRow(status).deadlines.flatMap((d) => ("transition" in d.then ? [d.then.transition] : []));
      expect(planTransitions({ ...lot, status, suspendedFrom: null }, []).map((t) => t.kind), status).toEqual(want);
      // A suspended lot keeps its phase's steps (they are held, not dropped).
      expect(planTransitions({ ...lot, status: "SUSPENDED", suspendedFrom: status }, []).map((t) => t.kind)).toEqual(
        status === "SUSPENDED" ? [] : want,
      );
    }
    const scheduled = new Set(PHASES.flatMap((p) => p.deadlines.flatMap((d) => ("transition" in d.then ? [d.then.transition] : []))));
    // OBJECTION_ANSWER_DUE belongs to an objection, not to a phase: its clock runs whatever the lot's state.
    // PUBLICITY_END and AWARD_CLOCK_DUE are planned from the award tables' instants (app/domain/award/award-clocks.ts).
    expect([...scheduled, "OBJECTION_ANSWER_DUE", "PUBLICITY_END", "AWARD_CLOCK_DUE"].sort()).toEqual(Object.values(TransitionKind).sort());
  });

  it("roadOf: the step bar of a 政府采购 lot has no 公示 step (实施条例 art. 43); 工程 keeps the whole road", () => {
    expect(roadOf("CONSTRUCTION")).toEqual(statusesIn("road"));
    expect(roadOf("GOVERNMENT_PROCUREMENT")).toEqual(statusesIn("road").filter((s) => s !== "CANDIDATES_PUBLICITY"));
  });

  it("phaseOf: a suspended lot is in the phase it was suspended from", () => {
    expect(phaseOf({ status: "SUSPENDED", suspendedFrom: "PUBLISHED" })).toBe("PUBLISHED");
    expect(phaseOf({ status: "EVALUATION", suspendedFrom: null })).toBe("EVALUATION");
  });
});
