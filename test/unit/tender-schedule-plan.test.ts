import { describe, expect, it } from "vitest";
import { diffSchedule, planTransitions, type ExistingTransition } from "~/domain/schedule/plan-transitions";

const t0 = new Date("2026-12-01T02:00:00Z");
const deadline = new Date("2026-12-21T02:00:00Z");
const docsTo = new Date("2026-12-08T10:00:00Z");
const base = { status: "PUBLISHED" as const, suspendedFrom: null, docsAvailableTo: docsTo, bidDeadline: deadline };

describe("planTransitions", () => {
  it("a published lot closes documents, closes bidding and opens the hall", () => {
    expect(planTransitions(base, []).map((d) => [d.kind, d.dueAt.toISOString()])).toEqual([
      ["CLOSE_DOCS", docsTo.toISOString()],
      ["CLOSE_BIDDING", deadline.toISOString()],
      ["OPEN_HALL", deadline.toISOString()],
    ]);
  });
  it("a suspended lot keeps the plan of the state it came from; drafts have none", () => {
    expect(planTransitions({ ...base, status: "SUSPENDED", suspendedFrom: "PUBLISHED" }, [])).toHaveLength(3);
    expect(planTransitions({ ...base, status: "DRAFT" }, [])).toEqual([]);
    expect(planTransitions({ ...base, status: "BIDDING_CLOSED" }, []).map((d) => d.kind)).toEqual(["OPEN_HALL"]);
  });
  it("every open objection has its answer clock", () => {
    const due = new Date("2026-12-05T16:00:00Z");
    const p = planTransitions(base, [{ id: "o1", answerDueAt: due }]);
    expect(p.find((d) => d.kind === "OBJECTION_ANSWER_DUE")).toEqual({ kind: "OBJECTION_ANSWER_DUE", refId: "o1", dueAt: due });
  });
});

describe("diffSchedule", () => {
  const row = (over: Partial<ExistingTransition>): ExistingTransition => ({
    id: "r1", kind: "CLOSE_BIDDING", refId: "", dueAt: deadline, rev: 0, status: "PENDING", ...over,
  });
  const want = [{ kind: "CLOSE_BIDDING" as const, refId: "", dueAt: deadline }];

  it("inserts what is missing and leaves what matches", () => {
    expect(diffSchedule([], want, false, t0)).toEqual([{ op: "insert", want: want[0] }]);
    expect(diffSchedule([row({})], want, false, t0)).toEqual([]);
  });
  it("a moved instant re-arms the row with the next rev", () => {
    const moved = new Date(deadline.getTime() + 86_400_000);
    expect(diffSchedule([row({ rev: 2 })], [{ ...want[0]!, dueAt: moved }], false, t0)).toEqual([
      { op: "rearm", id: "r1", want: { ...want[0]!, dueAt: moved }, rev: 3 },
    ]);
  });
  it("a held row is released when the lot is no longer suspended, kept while it is", () => {
    expect(diffSchedule([row({ status: "HELD" })], want, true, t0)).toEqual([]);
    expect(diffSchedule([row({ status: "HELD" })], want, false, t0)).toEqual([{ op: "rearm", id: "r1", want: want[0], rev: 1 }]);
  });
  it("rows no longer wanted are cancelled; done rows are history", () => {
    expect(diffSchedule([row({})], [], false, t0)).toEqual([{ op: "cancel", id: "r1" }]);
    expect(diffSchedule([row({ status: "DONE" })], [], false, t0)).toEqual([]);
    expect(diffSchedule([row({ status: "DONE" })], want, false, t0)).toEqual([]);
  });
  it("a done row whose instant moved into the future fires again (documents window extended)", () => {
    const later = new Date(docsTo.getTime() + 3 * 86_400_000);
    const r = row({ kind: "CLOSE_DOCS", dueAt: docsTo, status: "DONE" });
    expect(diffSchedule([r], [{ kind: "CLOSE_DOCS", refId: "", dueAt: later }], false, new Date(docsTo.getTime() + 1000))).toEqual([
      { op: "rearm", id: "r1", want: { kind: "CLOSE_DOCS", refId: "", dueAt: later }, rev: 1 },
    ]);
  });
});
