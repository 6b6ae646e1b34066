import { describe, expect, it } from "vitest";
import { runAlertRules } from "~/domain/supervision/alert-rules";
import { complaintAcceptanceClock } from "~/domain/supervision/alert-rules/complaint-acceptance-clock";
import { complaintDecisionClock } from "~/domain/supervision/alert-rules/complaint-decision-clock";
import { identicalFileHash } from "~/domain/supervision/alert-rules/identical-file-hash";
import { objectionAnswerDue } from "~/domain/supervision/alert-rules/objection-answer-due";
import { openingNotStarted } from "~/domain/supervision/alert-rules/opening-not-started";
import { operationsOutsideWorkingHours } from "~/domain/supervision/alert-rules/operations-outside-working-hours";
import { expertConfirmationDue } from "~/domain/supervision/alert-rules/expert-confirmation-due";
import { identicalDocumentAuthor } from "~/domain/supervision/alert-rules/identical-document-author";
import { nearlyIdenticalPrices } from "~/domain/supervision/alert-rules/nearly-identical-prices";
import { arithmeticRuns, pricePattern, significantTail } from "~/domain/supervision/alert-rules/price-pattern";
import { publicityEndingWithoutAward } from "~/domain/supervision/alert-rules/publicity-ending-without-award";
import { repeatedDraw } from "~/domain/supervision/alert-rules/repeated-draw";
import { sameBondAccount } from "~/domain/supervision/alert-rules/same-bond-account";
import { sameDevice } from "~/domain/supervision/alert-rules/same-device";
import { sameUploadIp } from "~/domain/supervision/alert-rules/same-upload-ip";
import type { AlertFacts, BidFact, LotFact } from "~/domain/supervision/alert-rules/types";
import { Calendar } from "~/domain/rules/calendar";
import { defaultRuleParams } from "~/domain/rules/profiles";

const sh = (s: string) => new Date(`${s.replace(" ", "T")}+08:00`);
const H = 3600_000;
const NOW = sh("2026-11-23 10:00"); // a Monday

function facts(over: Partial<AlertFacts> = {}): AlertFacts {
  return { now: NOW, calendar: Calendar.empty(), ruleParams: defaultRuleParams(), lots: [], objections: [], complaints: [], bids: [], operations: [], drawsPerLot: [], prices: [], expertCalls: [], documentTraits: [], ...over };
}
const lot = (over: Partial<LotFact> = {}): LotFact => ({ id: "L1", status: "PUBLISHED", procurementType: "CONSTRUCTION", bidDeadline: new Date(NOW.getTime() + 48 * H), candidatesPublishedAt: null, awarded: false, ...over });
const bid = (id: string, orgId: string, over: Partial<BidFact> = {}): BidFact => ({
  id, lotId: "L1", orgId, uploaderIp: `10.0.0.${id}`, deviceId: `dev-${id}`, ciphertextSha256: `c${id}`, plaintextSha256: `p${id}`, bondPayerAccount: `acc-${id}`, ...over,
});

describe("objection-answer-due", () => {
  const o = (dueInH: number, answered = false) => ({ id: "O1", lotId: "L1", answerDueAt: new Date(NOW.getTime() + dueInH * H), answeredAt: answered ? NOW : null });
  it("is silent with more than 24 h left or when answered", () => {
    expect(objectionAnswerDue.evaluate(facts({ objections: [o(30)] }))).toEqual([]);
    expect(objectionAnswerDue.evaluate(facts({ objections: [o(-5, true)] }))).toEqual([]);
  });
  it("is yellow with less than 24 h left, red when overdue", () => {
    expect(objectionAnswerDue.evaluate(facts({ objections: [o(5)] }))[0]).toMatchObject({ severity: "YELLOW", dedupeKey: "objection-answer-O1" });
    expect(objectionAnswerDue.evaluate(facts({ objections: [o(-1)] }))[0]).toMatchObject({ severity: "RED", dedupeKey: "objection-answer-O1" });
  });
});

describe("opening-not-started", () => {
  it("is red 5 minutes after the deadline when the lot is not opening", () => {
    const past = new Date(NOW.getTime() - 6 * 60_000);
    expect(openingNotStarted.evaluate(facts({ lots: [lot({ status: "BIDDING_CLOSED", bidDeadline: past })] }))[0]).toMatchObject({ severity: "RED", kind: "OPENING_NOT_STARTED" });
  });
  it("is silent within the grace or once the hall is open", () => {
    expect(openingNotStarted.evaluate(facts({ lots: [lot({ status: "BIDDING_CLOSED", bidDeadline: new Date(NOW.getTime() - 60_000) })] }))).toEqual([]);
    expect(openingNotStarted.evaluate(facts({ lots: [lot({ status: "OPENING", bidDeadline: new Date(NOW.getTime() - H) })] }))).toEqual([]);
  });
});

describe("publicity-ending-without-award", () => {
  const pub = (daysAgo: number, awarded = false) => lot({ status: "CANDIDATES_PUBLICITY", candidatesPublishedAt: new Date(NOW.getTime() - daysAgo * 24 * H), awarded });
  it("is silent early in the publicity and after an award", () => {
    expect(publicityEndingWithoutAward.evaluate(facts({ lots: [pub(1)] }))).toEqual([]);
    expect(publicityEndingWithoutAward.evaluate(facts({ lots: [pub(5, true)] }))).toEqual([]);
  });
  it("turns yellow near the end and red 3 working days after it", () => {
    expect(publicityEndingWithoutAward.evaluate(facts({ lots: [pub(2.5)] }))[0]?.severity).toBe("YELLOW");
    expect(publicityEndingWithoutAward.evaluate(facts({ lots: [pub(10)] }))[0]?.severity).toBe("RED");
  });
  it("reads the publicity period from the lot's profile (政府采购: 1 working day, not 3 days)", () => {
    // Published on Sunday 10:00: 工程 (3 days) ends Thursday 00:00, silent now; 政府采购 ends after Monday.
    const sunday = lot({ status: "CANDIDATES_PUBLICITY", candidatesPublishedAt: sh("2026-11-22 10:00") });
    expect(publicityEndingWithoutAward.evaluate(facts({ lots: [sunday] }))).toEqual([]);
    const gp = { ...sunday, procurementType: "GOVERNMENT_PROCUREMENT" as const };
    expect(publicityEndingWithoutAward.evaluate(facts({ lots: [gp] }))[0]).toMatchObject({
      severity: "YELLOW",
      params: { publicityEndsAt: sh("2026-11-24 00:00").toISOString() },
    });
  });
});

describe("complaint clocks", () => {
  const c = (status: "RECEIVED" | "ACCEPTED", acceptInH: number, decideInH: number | null = null) => ({
    id: "C1", lotId: "L1", status, acceptDueAt: new Date(NOW.getTime() + acceptInH * H), decisionDueAt: decideInH === null ? null : new Date(NOW.getTime() + decideInH * H),
  });
  it("acceptance: silent, yellow, red", () => {
    expect(complaintAcceptanceClock.evaluate(facts({ complaints: [c("RECEIVED", 48)] }))).toEqual([]);
    expect(complaintAcceptanceClock.evaluate(facts({ complaints: [c("RECEIVED", 10)] }))[0]?.severity).toBe("YELLOW");
    expect(complaintAcceptanceClock.evaluate(facts({ complaints: [c("RECEIVED", -1)] }))[0]?.severity).toBe("RED");
    expect(complaintAcceptanceClock.evaluate(facts({ complaints: [c("ACCEPTED", -1, 500)] }))).toEqual([]);
  });
  it("decision: silent, yellow in the last 3 days, red", () => {
    expect(complaintDecisionClock.evaluate(facts({ complaints: [c("ACCEPTED", -100, 200)] }))).toEqual([]);
    expect(complaintDecisionClock.evaluate(facts({ complaints: [c("ACCEPTED", -100, 48)] }))[0]?.severity).toBe("YELLOW");
    expect(complaintDecisionClock.evaluate(facts({ complaints: [c("ACCEPTED", -100, -1)] }))[0]?.severity).toBe("RED");
  });
});

describe("operations-outside-working-hours", () => {
  const op = (at: Date, actorRole = "STAFF", action = "lot.approve") => ({ id: "42", at, action, actorRole, actorId: "U1", entityType: "Lot", entityId: "L1" });
  it("flags staff trade actions at night and on weekends/holidays", () => {
    expect(operationsOutsideWorkingHours.evaluate(facts({ operations: [op(sh("2026-11-23 21:30"))] }))[0]).toMatchObject({ kind: "OFF_HOURS_OPERATION", lotId: "L1" });
    expect(operationsOutsideWorkingHours.evaluate(facts({ operations: [op(sh("2026-11-22 10:00"))] }))[0]?.params?.reason).toBe("nonWorkingDay");
    const holiday = Calendar.fromRows([{ date: "2026-11-23", kind: "HOLIDAY", name: "test" }]);
    expect(operationsOutsideWorkingHours.evaluate(facts({ calendar: holiday, operations: [op(sh("2026-11-23 10:00"))] }))).toHaveLength(1);
  });
  it("ignores office hours, bidders, the system and non-trade actions", () => {
    expect(operationsOutsideWorkingHours.evaluate(facts({ operations: [op(sh("2026-11-23 10:00"))] }))).toEqual([]);
    expect(operationsOutsideWorkingHours.evaluate(facts({ operations: [op(sh("2026-11-23 23:00"), "BIDDER")] }))).toEqual([]);
    expect(operationsOutsideWorkingHours.evaluate(facts({ operations: [op(sh("2026-11-23 23:00"), "STAFF", "session.login")] }))).toEqual([]);
  });
});

describe("repeated-draw", () => {
  it("flags a lot drawn more than once, red when a draw was cancelled", () => {
    expect(repeatedDraw.evaluate(facts({ drawsPerLot: [{ lotId: "L1", draws: 1, cancelled: 0 }] }))).toEqual([]);
    expect(repeatedDraw.evaluate(facts({ drawsPerLot: [{ lotId: "L1", draws: 2, cancelled: 0 }] }))[0]?.severity).toBe("YELLOW");
    expect(repeatedDraw.evaluate(facts({ drawsPerLot: [{ lotId: "L1", draws: 3, cancelled: 1 }] }))[0]?.severity).toBe("RED");
  });
});

describe("collusion indicators (实施条例第四十条)", () => {
  it("same upload IP across different bidders, with the bids as evidence", () => {
    const out = sameUploadIp.evaluate(facts({ bids: [bid("1", "A", { uploaderIp: "1.2.3.4" }), bid("2", "B", { uploaderIp: "1.2.3.4" }), bid("3", "C")] }));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: "COLLUSION_SAME_IP", severity: "RED", lotId: "L1", params: { ip: "1.2.3.4", bidIds: "1,2", orgIds: "A,B", bidders: 2 } });
  });
  it("the same bidder twice (replaced bids) is not collusion; no IP is no evidence", () => {
    expect(sameUploadIp.evaluate(facts({ bids: [bid("1", "A", { uploaderIp: "1.2.3.4" }), bid("2", "A", { uploaderIp: "1.2.3.4" })] }))).toEqual([]);
    expect(sameUploadIp.evaluate(facts({ bids: [bid("1", "A", { uploaderIp: "" }), bid("2", "B", { uploaderIp: "" })] }))).toEqual([]);
  });
  it("the same IP on different lots is not flagged; the dedupe key is stable", () => {
    const bids = [bid("1", "A", { uploaderIp: "9.9.9.9" }), bid("2", "B", { uploaderIp: "9.9.9.9", lotId: "L2" })];
    expect(sameUploadIp.evaluate(facts({ bids }))).toEqual([]);
    const two = [bid("1", "A", { uploaderIp: "9.9.9.9" }), bid("2", "B", { uploaderIp: "9.9.9.9" })];
    expect(sameUploadIp.evaluate(facts({ bids: two }))[0]!.dedupeKey).toBe(sameUploadIp.evaluate(facts({ bids: [...two, bid("3", "C", { uploaderIp: "9.9.9.9" })] }))[0]!.dedupeKey);
  });
  it("same device", () => {
    expect(sameDevice.evaluate(facts({ bids: [bid("1", "A", { deviceId: "d" }), bid("2", "B", { deviceId: "d" })] }))[0]?.kind).toBe("COLLUSION_SAME_DEVICE");
  });
  it("identical file hash only after opening", () => {
    const bids = [bid("1", "A", { plaintextSha256: "x" }), bid("2", "B", { plaintextSha256: "x" })];
    expect(identicalFileHash.evaluate(facts({ bids, lots: [lot({ status: "BIDDING_CLOSED" })] }))).toEqual([]);
    expect(identicalFileHash.evaluate(facts({ bids, lots: [lot({ status: "OPENING" })] }))[0]?.kind).toBe("COLLUSION_SAME_FILE");
  });
  it("same bond account, ignoring spaces and dashes", () => {
    const out = sameBondAccount.evaluate(facts({ bids: [bid("1", "A", { bondPayerAccount: "6222 0201-0001" }), bid("2", "B", { bondPayerAccount: "622202010001" })] }));
    expect(out[0]).toMatchObject({ kind: "COLLUSION_SAME_BOND_ACCOUNT", params: { account: "622202010001" } });
    expect(sameBondAccount.evaluate(facts({ bids: [bid("1", "A", { bondPayerAccount: null }), bid("2", "B", { bondPayerAccount: null })] }))).toEqual([]);
  });
  it("a group is keyed by the shared thing: a third bidder is the same alert, with the current members", () => {
    const two = [bid("1", "A", { bondPayerAccount: "X" }), bid("2", "B", { bondPayerAccount: "X" })];
    const [before] = sameBondAccount.evaluate(facts({ bids: two }));
    const [after, ...more] = sameBondAccount.evaluate(facts({ bids: [...two, bid("3", "C", { bondPayerAccount: "X" })] }));
    expect(more).toEqual([]);
    expect(after!.dedupeKey).toBe(before!.dedupeKey);
    expect(after).toMatchObject({ params: { bidIds: "1,2,3", orgIds: "A,B,C", bidders: 3 }, group: { orgIds: ["A", "B", "C"] } });
  });
  it("a standing alert fewer than two bidders still share comes back dissolved, naming what is left; a live one does not", () => {
    const [standing] = sameBondAccount.evaluate(facts({ bids: [bid("1", "A", { bondPayerAccount: "X" }), bid("2", "B", { bondPayerAccount: "X" })] }));
    const fact = { id: "a1", kind: standing!.kind, lotId: "L1", dedupeKey: standing!.dedupeKey, params: standing!.params! };
    // B withdrew (its bid is no longer active): A alone.
    expect(sameBondAccount.evaluate(facts({ bids: [bid("1", "A", { bondPayerAccount: "X" })], standingGroups: [fact] }))).toEqual([
      expect.objectContaining({ dedupeKey: standing!.dedupeKey, params: { account: "X", bidIds: "1", orgIds: "A", bidders: 1 }, group: { orgIds: ["A"], dissolved: true } }),
    ]);
    // Both gone: nobody left, still closed.
    expect(sameBondAccount.evaluate(facts({ standingGroups: [fact] }))[0]).toMatchObject({ params: { bidIds: "", bidders: 0 }, group: { dissolved: true } });
    // Still shared: the live group only; another rule's standing alert is not this rule's business.
    expect(sameBondAccount.evaluate(facts({ bids: [bid("1", "A", { bondPayerAccount: "X" }), bid("3", "C", { bondPayerAccount: "X" })], standingGroups: [fact] })).map((a) => a.group)).toEqual([{ orgIds: ["A", "C"] }]);
    expect(sameUploadIp.evaluate(facts({ standingGroups: [fact] }))).toEqual([]);
  });
});

describe("price rules (read-out prices, exact fen)", () => {
  const p = (prices: bigint[]) => [{ lotId: "L1", bids: prices.map((priceFen, i) => ({ bidId: `b${i}`, orgId: `o${i}`, priceFen })) }];
  it("nearly identical: within 0.5 % of the higher price, chained into one group", () => {
    const out = nearlyIdenticalPrices.evaluate(facts({ prices: p([100_000_000n, 100_400_000n, 100_800_000n, 120_000_000n]) }));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: "COLLUSION_NEAR_IDENTICAL_PRICE", severity: "RED", params: { bidIds: "b0,b1,b2", pricesFen: "100000000,100400000,100800000" } });
    expect(nearlyIdenticalPrices.evaluate(facts({ prices: p([100_000_000n, 100_600_000n, 120_000_000n]) }))).toEqual([]);
  });
  it("arithmetic progression: ≥ 3 consecutive prices with equal steps (±1 yuan or 0.1 %)", () => {
    const out = pricePattern.evaluate(facts({ prices: p([90_000_000n, 100_000_000n, 110_000_050n, 120_000_000n, 137_000_000n]) }));
    expect(out.map((a) => a.kind)).toEqual(["COLLUSION_PRICE_PATTERN"]);
    expect(out[0]!.params).toMatchObject({ bidIds: "b0,b1,b2,b3", stepFen: "10000000" });
    expect(pricePattern.evaluate(facts({ prices: p([100_000_000n, 113_000_000n, 120_000_000n]) }))).toEqual([]);
    expect(arithmeticRuns(p([1n, 1n, 1n])[0]!.bids)).toEqual([]); // equal prices are the other rule's
  });
  it("equal final digits: three bidders ending in the same four significant digits", () => {
    expect(significantTail(120_372_100n)).toBe("3721@2");
    expect(significantTail(100_000_000n)).toBeNull();
    const out = pricePattern.evaluate(facts({ prices: p([123_456_789n, 119_886_789n, 130_126_789n]) }));
    expect(out.map((a) => [a.kind, a.params?.tailDigits])).toEqual([["COLLUSION_PRICE_TAIL", "6789"]]);
    expect(pricePattern.evaluate(facts({ prices: p([123_456_789n, 119_886_789n, 130_126_788n]) }))).toEqual([]);
    // Round prices: "…0000" matches nothing by itself.
    expect(pricePattern.evaluate(facts({ prices: p([123_000_000n, 119_000_000n, 131_000_000n]) }))).toEqual([]);
  });
});

describe("expert-confirmation-due", () => {
  const call = (notifiedHAgo: number, windowH: number, status: "NOTIFIED" | "TIMED_OUT" = "NOTIFIED") => ({
    memberId: "M1", drawId: "D1", lotId: "L1", expertCode: "E0001", specialtyCode: "A01", status,
    notifiedAt: new Date(NOW.getTime() - notifiedHAgo * H), respondBy: new Date(NOW.getTime() + (windowH - notifiedHAgo) * H),
  });
  it("is silent early in the window, yellow in its last third, red past it or timed out — one key", () => {
    expect(expertConfirmationDue.evaluate(facts({ expertCalls: [call(1, 6)] }))).toEqual([]);
    const y = expertConfirmationDue.evaluate(facts({ expertCalls: [call(5, 6)] }))[0]!;
    const r = expertConfirmationDue.evaluate(facts({ expertCalls: [call(7, 6)] }))[0]!;
    expect([y.severity, r.severity]).toEqual(["YELLOW", "RED"]);
    expect(y.dedupeKey).toBe(r.dedupeKey);
    expect(expertConfirmationDue.evaluate(facts({ expertCalls: [call(7, 6, "TIMED_OUT")] }))[0]).toMatchObject({ severity: "RED", params: { memberStatus: "TIMED_OUT", drawId: "D1" } });
  });
});

describe("identical-document-author", () => {
  const trait = (orgIds: string[], t: "author" | "documentId" = "author") => ({ lotId: "L1", trait: t, value: "张工", bidIds: orgIds.map((o) => `b-${o}`), orgIds, fileNames: ["技术标.pdf"] });
  it("flags an author or a PDF file id shared by two bidders, not by one", () => {
    expect(identicalDocumentAuthor.evaluate(facts({ documentTraits: [trait(["A", "B"])] }))[0]).toMatchObject({ kind: "COLLUSION_SAME_AUTHOR", params: { author: "张工", bidders: 2 } });
    expect(identicalDocumentAuthor.evaluate(facts({ documentTraits: [trait(["A", "B"], "documentId")] }))[0]?.kind).toBe("COLLUSION_SAME_PDF_ID");
    expect(identicalDocumentAuthor.evaluate(facts({ documentTraits: [trait(["A", "A"])] }))).toEqual([]);
  });
});

describe("runAlertRules", () => {
  it("runs every rule over the facts; nothing from empty facts", () => {
    expect(runAlertRules(facts())).toEqual([]);
    const out = runAlertRules(facts({ bids: [bid("1", "A", { uploaderIp: "1.1.1.1", deviceId: "d" }), bid("2", "B", { uploaderIp: "1.1.1.1", deviceId: "d" })] }));
    expect(out.map((a) => a.kind).sort()).toEqual(["COLLUSION_SAME_DEVICE", "COLLUSION_SAME_IP"]);
  });
});
