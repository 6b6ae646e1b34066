import { beforeAll, describe, expect, it } from "vitest";
import { getStaffAward } from "~/domain/award/get-staff-award";
import { listHallEventsSince } from "~/domain/opening/events";
import { signIn } from "~/domain/opening/sign-in";
import { startOpening } from "~/domain/opening/start-opening";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { useTempStorage } from "./bids-fixtures";
import { setupHall } from "./opening-fixtures";

/** Fewer than 3 bids (实施条例 第四十四条): no opening — the hall and the lot fail, a 流标公告 is published. */
const { db } = await useTestDb();
useQueuePrefix();
useTempStorage();
let h: Awaited<ReturnType<typeof setupHall>>;

beforeAll(async () => {
  h = await setupHall(db, [5_000_00n, 6_000_00n]);
});

describe("an opening with fewer than 3 bids", () => {
  it("fails the hall and the lot and publishes the 流标 announcement", async () => {
    await signIn(h.bidders[0]!.actor, { lotId: h.lot.id });
    const r = await startOpening(h.author, { lotId: h.lot.id });
    expect(r).toMatchObject({ state: "FAILED", bidCount: 2 });
    const s = await db.openingSession.findUniqueOrThrow({ where: { lotId: h.lot.id } });
    expect(s.state).toBe("FAILED");
    expect((await db.lot.findUniqueOrThrow({ where: { id: h.lot.id } })).status).toBe("FAILED");
    const a = await db.announcement.findFirstOrThrow({ where: { lotId: h.lot.id, kind: "FAILED" } });
    expect(a.title).toContain("流标公告");
    expect(a.body).toContain("不足3家");
    expect(await db.outboxJob.count({ where: { name: "renderAnnouncement" } })).toBeGreaterThan(0);
    expect(await db.bidDecryption.count()).toBe(0);
    expect((await listHallEventsSince(db, s.id, 0)).map((e) => e.type)).toEqual(["hall.opened", "attendance.signed_in", "hall.failed"]);
  });

  it("the award tab's refund register speaks of the 流标, not of a contract", async () => {
    expect((await getStaffAward(h.author, { lotId: h.lot.id })).refundBasis).toEqual({ cause: "FAILED", article: null, withinDays: null, unit: null });
  });

  it("refuses every later step", async () => {
    await expect(startOpening(h.author, { lotId: h.lot.id })).rejects.toMatchObject({ status: 409 });
    await expect(signIn(h.bidders[1]!.actor, { lotId: h.lot.id })).rejects.toMatchObject({ code: "opening:errors.wrongStep" });
  });
});
