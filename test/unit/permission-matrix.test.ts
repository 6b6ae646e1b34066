import { describe, expect, expectTypeOf, it } from "vitest";
import type { Actor, SignedInActor } from "~/domain/actor";
import { assertCan, can, PERMISSIONS, type ActorFor, type Permission } from "~/domain/accounts/permissions";
import { isDomainError } from "~/domain/errors";

/**
 * Walks EVERY role (plus SYSTEM and PUBLIC) × EVERY permission against the table below, written out by
 * hand: changing who may do what means changing this test too, deliberately. A permission added to
 * PERMISSIONS without a row here fails the test.
 */
const WHO = ["BIDDER", "STAFF", "EXPERT", "SUPERVISOR", "SOCIAL_SUPERVISOR", "SYSTEM_ADMIN", "SECURITY_ADMIN", "AUDIT_ADMIN", "SYSTEM", "PUBLIC", "EXPERT_ADMIN"] as const;

// prettier-ignore
const EXPECTED: Record<string, string> = {
  //                         BID STF EXP SUP SOC SYA SCA AUA SYS PUB EXA
  "org.register":            ". . . . . . . . . x .",
  "account.self":            "x x x x x x x x . . x",
  "account.manage":          ". . . . . x . . . . .",
  "account.unlock":          ". . . . . x x . . . .",
  "account.bootstrap":       ". . . . . . . . x . .",
  "org.manage":              ". . . . . x . . x . .",
  "role.assign":             ". . . . . . x . . . .",
  "totp.reset":              ". . . . . . x . . . .",
  "config.manage":           ". . . . . x . . . . .",
  "calendar.manage":         ". . . . . x . . . . .",
  "devmail.read":            ". . . . . x . . . . .",
  "org.certificate.read":    "x x . x . . . . . . .",
  "audit.log.read":          ". . . x x . . x . . .",
  "audit.log.export":        ". . . x . . . x . . .",
  "audit.checkpoint.write":  ". . . . . . . . x . .",
  "statistics.read":         ". x . x x . . . . . .",
  "bulletin.generate":       ". x . x . . . . x . .",
  "alert.read":              ". . . x . . . . . . .",
  "alert.handle":            ". . . x . . . . . . .",
  "complaint.file":          "x . . . . . . . . . .",
  "complaint.decide":        ". . . x . . . . . . .",
  "tender.suspend_by_order": ". . . x . . . . . . .",
  "social_supervisor.read":  ". x . x . . . . . . .",
  "social_supervisor.nominate": ". x . x . . . . . . .",
  "social_supervisor.manage": ". . . x . . . . . . .",
  "social_supervision.self": ". . . . x . . . . . .",
  "tender.create":           ". x . . . . . . . . .",
  "entrustment.manage":      ". x . . . . . . . . .",
  "entrustment.read":        ". x . . . . . . . . .",
  "tender.review":           ". x . . . . . . . . .",
  "tender.read_internal":    ". x . x . . . . . . .",
  "tender.transition":       ". x . . . . . . x . .",
  "tender.register":         "x . . . . . . . . . .",
  "question.ask":            "x . . . . . . . . . .",
  "question.answer":         ". x . . . . . . . . .",
  "objection.raise":         "x . . . . . . . . . .",
  "objection.answer":        ". x . . . . . . . . .",
  "bid.submit":              "x . . . . . . . . . .",
  "bid.withdraw":            "x . . . . . . . . . .",
  "bidkey.manage":           "x . . . . . . . . . .",
  "expert.manage":           ". . . . . . . . . . x",
  "expert.contact.reveal":   ". . . . . . . . . . x",
  "expert.profile.own":      ". . x . . . . . . . .",
  "expert.profile.update":   ". . x . . . . . . . .",
  "draw.request":            ". x . . . . . . . . .",
  "draw.entropy":            ". . . x . . . . . . .",
  "draw.names.read":         ". . . x . . . . . . .",
  "draw.confirm":            ". . x . . . . . . . .",
  "opening.host":            ". x . . . . . . . . .",
  "opening.attend":          "x x . x . . . . . . .",
  "opening.read":            "x x . x x . . . . . .",
  "opening.decrypt":         "x . . . . . . . . . .",
  "evaluation.score":        ". . x . . . . . . . .",
  "document.read_internal":  ". x . x . . . . . . .",
  "document.generate":       ". . . . . . . . x . .",
  "award.manage":            ". x . . . . . . x . .",
  "award.read":              ". x . x . . . . . . .",
  "storage.sweep":           ". . . . . . . . x . .",
};

/** Trade = anything touching a tender's life; administrators (三员分立) must hold none of it. */
const TRADE = /^(tender|question|objection|bid|bidkey|expert|draw|opening|evaluation|complaint|alert|document)\./;
const isRead = (p: string) => /(^|\.)(read|read_internal|names\.read)$/.test(p) || p.endsWith(".read");
const ADMINS = ["SYSTEM_ADMIN", "SECURITY_ADMIN", "AUDIT_ADMIN"] as const;
const SUPERVISOR_TRADE_WRITES = ["alert.handle", "complaint.decide", "tender.suspend_by_order", "draw.entropy", "opening.attend"];

const actor = (role: (typeof WHO)[number]): Actor => ({
  userId: role === "PUBLIC" || role === "SYSTEM" ? null : "00000000-0000-0000-0000-000000000001",
  role,
  orgId: null,
  ip: "",
  userAgent: "",
});

describe("permission matrix", () => {
  it("lists exactly the permissions of the table", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
    it(`${permission}: every role as expected`, () => {
      const row = (EXPECTED[permission] ?? "").split(" ");
      expect(row).toHaveLength(WHO.length);
      WHO.forEach((who, i) => {
        const expected = row[i] === "x";
        expect({ who, permission, allowed: can(who, permission) }).toEqual({ who, permission, allowed: expected });
        // assertCan agrees with can(), with 401 for visitors and 403 for everyone else.
        let err: unknown = null;
        try {
          assertCan(actor(who), permission);
        } catch (e) {
          err = e;
        }
        if (expected) expect(err).toBeNull();
        else {
          expect(isDomainError(err)).toBe(true);
          expect((err as { status: number }).status).toBe(who === "PUBLIC" ? 401 : 403);
        }
      });
    });
  }

  it("gives no admin role any trade permission (三员分立)", () => {
    for (const [permission, who] of Object.entries(PERMISSIONS)) {
      if (!TRADE.test(permission)) continue;
      for (const admin of ADMINS) expect((who as readonly string[]).includes(admin), `${admin} holds ${permission}`).toBe(false);
    }
  });

  it("gives SUPERVISOR no trade write beyond watching, ordering suspension, deciding complaints and entropy", () => {
    const writes = Object.entries(PERMISSIONS)
      .filter(([p, who]) => TRADE.test(p) && !isRead(p) && (who as readonly string[]).includes("SUPERVISOR"))
      .map(([p]) => p)
      .sort();
    expect(writes).toEqual([...SUPERVISOR_TRADE_WRITES].sort());
  });

  it("gives SOCIAL_SUPERVISOR only reads besides its own account and its own appointment", () => {
    const held = Object.entries(PERMISSIONS).filter(([, who]) => (who as readonly string[]).includes("SOCIAL_SUPERVISOR"));
    // social_supervision.self: signing its own agreement and asking its own recusal — no trade data.
    for (const [p] of held) expect(p === "account.self" || p === "social_supervision.self" || isRead(p), p).toBe(true);
  });

  it("lets PUBLIC do nothing but register a company", () => {
    const held = Object.entries(PERMISSIONS).filter(([, who]) => (who as readonly string[]).includes("PUBLIC"));
    expect(held.map(([p]) => p)).toEqual(["org.register"]);
  });

  // Checked by tsc (tests are typechecked): assertCan narrows to a signed-in actor only where no worker or
  // visitor passes, so a users-only domain call reads actor.userId without `!`.
  it("types the actor past assertCan from the table", () => {
    expectTypeOf<ActorFor<"bid.submit">>().toEqualTypeOf<SignedInActor>();
    expectTypeOf<ActorFor<"account.self">>().toEqualTypeOf<SignedInActor>();
    expectTypeOf<ActorFor<"award.manage">>().toEqualTypeOf<Actor>();
    expectTypeOf<ActorFor<"org.register">>().toEqualTypeOf<Actor>();
    expectTypeOf<ActorFor<Permission>>().toEqualTypeOf<Actor>();
  });
});
