import { describe, expect, it } from "vitest";
import { HALL_TRANSITIONS, planHallTransition, type HallEvent } from "~/domain/opening/hall-machine";
import type { OpeningState } from "~/generated/prisma/enums";

const STATES: OpeningState[] = ["WAITING", "SIGN_IN", "DECRYPTING", "READING", "CONFIRMING", "CLOSED", "FAILED"];
const EVENTS: HallEvent[] = ["open", "start", "fail", "close_decryption", "start_confirmation", "close"];

describe("the hall state machine", () => {
  it("allows exactly the pairs of its table and refuses every other with 409", () => {
    for (const from of STATES) {
      for (const event of EVENTS) {
        const t = HALL_TRANSITIONS.find((x) => x.from === from && x.event === event);
        if (t) expect(planHallTransition(from, event)).toBe(t.to);
        else expect(() => planHallTransition(from, event)).toThrow(expect.objectContaining({ status: 409, code: "opening:errors.wrongStep" }));
      }
    }
  });

  it("runs the happy path in the documented order and ends in CLOSED or FAILED only", () => {
    let s: OpeningState = "WAITING";
    for (const e of ["open", "start", "close_decryption", "start_confirmation", "close"] as const) s = planHallTransition(s, e);
    expect(s).toBe("CLOSED");
    expect(planHallTransition("SIGN_IN", "fail")).toBe("FAILED");
    for (const end of ["CLOSED", "FAILED"] as const) expect(HALL_TRANSITIONS.some((t) => t.from === end)).toBe(false);
  });
});
