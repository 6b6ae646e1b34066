import { describe, expect, it } from "vitest";
import { liveStep, type LiveHallEvent } from "~/components/opening/use-hall-events";

const ev = (seq: number, type: string, payload: Record<string, unknown> = {}): LiveHallEvent => ({ seq, type, payload, at: "2026-11-23T05:00:00.000Z" });

describe("liveStep (the step shown the instant an event arrives)", () => {
  it("takes the newest step-changing event newer than the loader, with its deadline", () => {
    const events = [ev(3, "hall.started", { decryptionEndsAt: "2026-11-23T05:30:00.000Z" }), ev(4, "bid.decrypted", { ordinal: 1 })];
    expect(liveStep(events, 2)).toEqual({ state: "DECRYPTING", deadline: "2026-11-23T05:30:00.000Z" });
    expect(liveStep([...events, ev(5, "reading", { rows: [] })], 2)).toEqual({ state: "READING", deadline: null });
  });

  it("defers to the loader once it has caught up", () => {
    expect(liveStep([ev(3, "hall.started", {}), ev(4, "bid.decrypted")], 4)).toBeNull();
    expect(liveStep([ev(3, "hall.started", {})], 3)).toBeNull();
    expect(liveStep([], 0)).toBeNull();
  });
});
