import { describe, expect, it } from "vitest";
import { yuanToFen } from "~/components/bids/client";
import { assertBidWindow } from "~/domain/bids/bid-window";
import { finaliseBidSchema } from "~/domain/bids/schemas";

const deadline = new Date("2026-12-20T01:30:00.000Z");
const code = (f: () => void) => {
  try {
    f();
    return "accepted";
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe("bid window (the request-path deadline rule)", () => {
  it("accepts up to the last millisecond before the deadline and refuses at and after it", () => {
    const lot = { status: "PUBLISHED", bidDeadline: deadline };
    expect(code(() => assertBidWindow(lot, new Date(deadline.getTime() - 1)))).toBe("accepted");
    expect(code(() => assertBidWindow(lot, deadline))).toBe("bids:errors.deadlinePassed");
    expect(code(() => assertBidWindow(lot, new Date(deadline.getTime() + 1000)))).toBe("bids:errors.deadlinePassed");
  });

  it("refuses lots that are not published, suspended ones with 423", () => {
    const early = new Date(deadline.getTime() - 60_000);
    expect(code(() => assertBidWindow({ status: "DRAFT", bidDeadline: deadline }, early))).toBe("bids:errors.lotNotOpen");
    expect(code(() => assertBidWindow({ status: "BIDDING_CLOSED", bidDeadline: deadline }, early))).toBe("bids:errors.lotNotOpen");
    expect(code(() => assertBidWindow({ status: "SUSPENDED", bidDeadline: deadline }, early))).toBe("bids:errors.lotSuspended");
  });
});

describe("finalise input", () => {
  const base = {
    lotId: "3f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
    uploadId: "0123456789abcdef0123456789abcdef",
    ciphertextSha256: "a".repeat(64),
    plaintextSha256: "b".repeat(64),
  };
  it("takes bond amounts as integer or decimal string (exact up to the database's 10^15 fen) and requires the method's own fields", () => {
    const ok = finaliseBidSchema.parse({ ...base, bond: { method: "BANK_GUARANTEE", amountFen: "999999999999999", guaranteeNo: "BG-1" } });
    expect(ok.bond.amountFen).toBe(999999999999999n);
    // Above the column's CHECK (10^15 fen): refused by the schema, never a database error (issue 13 §10).
    expect(finaliseBidSchema.safeParse({ ...base, bond: { method: "BANK_GUARANTEE", amountFen: "9007199254740993", guaranteeNo: "BG-1" } }).success).toBe(false);
    expect(finaliseBidSchema.safeParse({ ...base, bond: { method: "ACCOUNT_TRANSFER", amountFen: 100 } }).success).toBe(false);
    expect(finaliseBidSchema.safeParse({ ...base, bond: { method: "CASH", amountFen: 100 } }).success).toBe(false);
    expect(finaliseBidSchema.safeParse({ ...base, uploadId: "../etc/passwd", bond: { method: "INSURANCE", amountFen: 1, guaranteeNo: "x" } }).success).toBe(false);
  });
});

describe("yuanToFen (bid form)", () => {
  it("parses yuan with up to two decimals exactly", () => {
    expect(yuanToFen("1,234,567.89")).toBe(123456789n);
    expect(yuanToFen("0.5")).toBe(50n);
    expect(yuanToFen("12")).toBe(1200n);
    expect(yuanToFen("1.234")).toBeNull();
    expect(yuanToFen("-1")).toBeNull();
  });
});
