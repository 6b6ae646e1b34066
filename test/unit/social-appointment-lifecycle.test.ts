import { describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { can } from "~/domain/accounts/permissions";
import { isDomainError } from "~/domain/errors";
import {
  APPOINTMENT_STATUSES,
  APPOINTMENT_TRANSITIONS,
  planAppointmentTransition,
  type AppointmentEvent,
} from "~/domain/social-supervision/appointment-lifecycle";
import { majorProjectUnattended } from "~/domain/supervision/alert-rules/major-project-unattended";
import type { AlertFacts } from "~/domain/supervision/alert-rules/types";

const actor = (role: Actor["role"]): Actor => ({ userId: null, role, orgId: null, ip: "", userAgent: "" });
const EVENTS: AppointmentEvent[] = ["sign_agreement", "withdraw", "suspend", "reinstate", "dismiss", "expire"];

describe("social supervisor appointment lifecycle", () => {
  it("walks the happy path and the ends exactly as the table says", () => {
    expect(planAppointmentTransition("NOMINATED", actor("SOCIAL_SUPERVISOR"), "sign_agreement")).toBe("ACTIVE");
    expect(planAppointmentTransition("ACTIVE", actor("SUPERVISOR"), "suspend")).toBe("SUSPENDED");
    expect(planAppointmentTransition("SUSPENDED", actor("SUPERVISOR"), "reinstate")).toBe("ACTIVE");
    expect(planAppointmentTransition("ACTIVE", actor("SUPERVISOR"), "dismiss")).toBe("DISMISSED");
    expect(planAppointmentTransition("ACTIVE", actor("SYSTEM"), "expire")).toBe("EXPIRED");
    expect(planAppointmentTransition("NOMINATED", actor("STAFF"), "withdraw")).toBe("DISMISSED");
  });

  it("refuses every pair not in the table (409) and every trigger the table does not name (403)", () => {
    const roles: Actor["role"][] = ["BIDDER", "STAFF", "EXPERT", "SUPERVISOR", "SOCIAL_SUPERVISOR", "SYSTEM_ADMIN", "SYSTEM", "PUBLIC"];
    for (const from of APPOINTMENT_STATUSES)
      for (const event of EVENTS)
        for (const role of roles) {
          const t = APPOINTMENT_TRANSITIONS.find((x) => x.from === from && x.event === event);
          let got: unknown;
          try {
            got = planAppointmentTransition(from, actor(role), event);
          } catch (e) {
            got = e;
          }
          if (!t) {
            expect(isDomainError(got) && got.status, `${from} ${event} ${role}`).toBe(409);
            continue;
          }
          const allowed = t.by.some((p) => (p === "SYSTEM" ? role === "SYSTEM" : role !== "SYSTEM" && role !== "PUBLIC" && can(role, p)));
          if (allowed) expect(got, `${from} ${event} ${role}`).toBe(t.to);
          else expect(isDomainError(got) && got.status, `${from} ${event} ${role}`).toBe(403);
        }
    // DISMISSED and EXPIRED are final.
    expect(APPOINTMENT_TRANSITIONS.filter((t) => t.from === "DISMISSED" || t.from === "EXPIRED")).toEqual([]);
  });
});

describe("major-project-unattended rule", () => {
  const facts = (majorProjects: AlertFacts["majorProjects"]) => ({ majorProjects }) as AlertFacts;
  const at = new Date("2026-11-23T02:00:00Z");
  it("is red for an unattended draw or started opening, yellow for an open hall, silent once attended", () => {
    const out = majorProjectUnattended.evaluate(
      facts([
        { lotId: "l1", kind: "DRAW", refId: "d1", at, stage: "DONE", attended: 0 },
        { lotId: "l2", kind: "OPENING", refId: "s2", at, stage: "DONE", attended: 0 },
        { lotId: "l3", kind: "OPENING", refId: "s3", at, stage: "OPEN", attended: 0 },
        { lotId: "l4", kind: "OPENING", refId: "s4", at, stage: "DONE", attended: 2 },
      ]),
    );
    expect(out.map((a) => [a.lotId, a.kind, a.severity])).toEqual([
      ["l1", "MAJOR_DRAW_UNATTENDED", "RED"],
      ["l2", "MAJOR_OPENING_UNATTENDED", "RED"],
      ["l3", "MAJOR_OPENING_NO_SUPERVISOR_YET", "YELLOW"],
    ]);
    expect(new Set(out.map((a) => a.dedupeKey)).size).toBe(3);
    expect(majorProjectUnattended.evaluate(facts(undefined))).toEqual([]);
  });
});
