import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { systemActor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import {
  findTransition, LOT_EVENTS, LOT_STATUSES, planTransition, TRANSITIONS, type LotEvent,
} from "~/domain/tenders/lot-lifecycle";
import type { LotStatus } from "~/generated/prisma/enums";

const staff = (userId: string): Actor => ({ userId, role: "STAFF", orgId: "o", ip: "", userAgent: "" });
const bidder: Actor = { userId: "b", role: "BIDDER", orgId: "ob", ip: "", userAgent: "" };
const admin: Actor = { userId: "a", role: "SYSTEM_ADMIN", orgId: "oa", ip: "", userAgent: "" };
const lot = (status: LotStatus, suspendedFrom: LotStatus | null = null) => ({ id: "l", status, authorId: "author", suspendedFrom });

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return null;
};

describe("lot transition table", () => {
  it("refuses every (state, event) pair that is not in the table", () => {
    let refused = 0;
    for (const from of LOT_STATUSES) {
      for (const event of LOT_EVENTS) {
        if (findTransition(from, event)) continue;
        for (const who of [staff("other"), systemActor(), bidder]) {
          expect(code(() => planTransition(lot(from, "PUBLISHED"), who, event))).toBe("tenders:errors.transitionNotAllowed");
        }
        refused++;
      }
    }
    // 12 states × 14 events minus the table's pairs.
    expect(refused).toBe(LOT_STATUSES.length * LOT_EVENTS.length - TRANSITIONS.length);
  });

  it("walks the main path draft → archived", () => {
    const path: [LotStatus, LotEvent, Actor, LotStatus][] = [
      ["DRAFT", "submit", staff("author"), "UNDER_REVIEW"],
      ["UNDER_REVIEW", "approve", staff("reviewer"), "PUBLISHED"],
      ["PUBLISHED", "close_bidding", systemActor(), "BIDDING_CLOSED"],
      ["BIDDING_CLOSED", "open_hall", systemActor(), "OPENING"],
      ["OPENING", "start_evaluation", systemActor(), "EVALUATION"],
      ["EVALUATION", "complete_evaluation", systemActor(), "EVALUATED"],
      ["EVALUATED", "publish_candidates", staff("x"), "CANDIDATES_PUBLICITY"],
      ["CANDIDATES_PUBLICITY", "award", staff("x"), "AWARDED"],
      ["AWARDED", "record_contract", staff("x"), "CONTRACTED"],
      ["CONTRACTED", "archive", systemActor(), "ARCHIVED"],
    ];
    for (const [from, event, who, to] of path) expect(planTransition(lot(from), who, event)).toBe(to);
    // 政府采购 awards straight from the report (the profile is checked by award-lot).
    expect(planTransition(lot("EVALUATED"), staff("x"), "award")).toBe("AWARDED");
    // An awarded lot is archived only once its contract is recorded.
    expect(code(() => planTransition(lot("AWARDED"), systemActor(), "archive"))).toBe("tenders:errors.transitionNotAllowed");
  });

  it("一审一核: the author can neither approve nor reject their own lot", () => {
    expect(code(() => planTransition(lot("UNDER_REVIEW"), staff("author"), "approve"))).toBe("tenders:errors.selfReview");
    expect(code(() => planTransition(lot("UNDER_REVIEW"), staff("author"), "reject"))).toBe("tenders:errors.selfReview");
    expect(planTransition(lot("UNDER_REVIEW"), staff("reviewer"), "reject")).toBe("DRAFT");
  });

  it("only the scheduler closes bidding; admins trigger nothing (三员分立)", () => {
    expect(code(() => planTransition(lot("PUBLISHED"), staff("x"), "close_bidding"))).toBe("common:errors.forbidden");
    for (const t of TRANSITIONS) expect(code(() => planTransition(lot(t.from, "PUBLISHED"), admin, t.event))).not.toBeNull();
  });

  it("suspension resumes to the state it came from", () => {
    for (const from of ["PUBLISHED", "BIDDING_CLOSED", "EVALUATION"] as LotStatus[]) {
      expect(planTransition(lot(from), bidder, "suspend")).toBe("SUSPENDED");
      expect(planTransition(lot("SUSPENDED", from), staff("x"), "resume")).toBe(from);
    }
    expect(code(() => planTransition(lot("SUSPENDED", null), staff("x"), "resume"))).toBe("tenders:errors.transitionNotAllowed");
    // A bidder's objection suspends, but a bidder can never resume or cancel.
    expect(code(() => planTransition(lot("SUSPENDED", "PUBLISHED"), bidder, "resume"))).toBe("common:errors.forbidden");
    expect(code(() => planTransition(lot("PUBLISHED"), bidder, "cancel"))).toBe("common:errors.forbidden");
  });

  it("terminal states have no way out except archiving", () => {
    for (const s of ["ARCHIVED"] as LotStatus[]) for (const e of LOT_EVENTS) expect(findTransition(s, e)).toBeUndefined();
    for (const s of ["CANCELLED", "FAILED"] as LotStatus[]) {
      expect(LOT_EVENTS.filter((e) => findTransition(s, e))).toEqual(["archive"]);
    }
  });
});

describe("nothing but transitionLot writes Lot.status", () => {
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
      const p = path.join(dir, f);
      if (statSync(p).isDirectory()) return f === "generated" ? [] : files(p);
      return /\.(ts|tsx)$/.test(f) ? [p] : [];
    });
  }

  it("finds no other writer of the status column", () => {
    const offenders: string[] = [];
    for (const f of [...files("app"), ...(statSync("workers", { throwIfNoEntry: false }) ? files("workers") : [])]) {
      if (f.endsWith(path.join("tenders", "lot-lifecycle.ts"))) continue;
      const src = readFileSync(f, "utf8");
      // Prisma writes: lot.update/updateMany/upsert/create with a status field in data.
      for (const m of src.matchAll(/\blot\.(update|updateMany|upsert)\(\{[\s\S]*?\}\);/g)) {
        if (/data:\s*\{[^}]*\bstatus\b/.test(m[0])) offenders.push(`${f}: ${m[0].slice(0, 80)}`);
      }
      // Raw SQL writes.
      if (/UPDATE\s+"Lot"\s+SET[^;`]*\bstatus\b/i.test(src)) offenders.push(`${f}: raw UPDATE "Lot" … status`);
    }
    expect(offenders).toEqual([]);
  });
});
