import { afterEach, describe, expect, it, vi } from "vitest";
import { fireScheduledTransition } from "~/domain/schedule/fire-scheduled-transition";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { insertPublishedLot, seedParties } from "./tenders-fixtures";

/**
 * Issue 13 point 9: the worker fires CLOSE_BIDDING and OPEN_HALL on the database clock — the clock that
 * decides whether a bid is on time — never its own. A worker whose clock runs an hour fast must not close
 * bidding early.
 */
const { db } = await useTestDb();
useQueuePrefix();
afterEach(() => vi.useRealTimers());

describe("scheduled transitions follow the database clock", () => {
  it("a worker clock one hour fast does not close bidding 30 minutes early", async () => {
    const p = await seedParties(db);
    const deadline = new Date(Date.now() + 30 * 60_000);
    const lot = await insertPublishedLot(
      db,
      { buyerOrgId: p.buyer.id, authorId: p.author.userId!, reviewerId: p.reviewer.userId! },
      { docsFrom: new Date(Date.now() - 3_600_000), docsTo: new Date(Date.now() + 10 * 60_000), deadline },
    );
    await db.$transaction((tx) => scheduleLotTransitions(tx, lot.id));
    const t = await db.scheduledTransition.findFirstOrThrow({ where: { lotId: lot.id, kind: "CLOSE_BIDDING" } });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(Date.now() + 3_600_000));
    const r = await fireScheduledTransition({ transitionId: t.id, dueAtMs: t.dueAt.getTime(), rev: t.rev }).catch((e: unknown) => e);
    vi.useRealTimers();
    expect(r).toBeInstanceOf(Error); // retried later by the queue, not fired
    expect((await db.lot.findUniqueOrThrow({ where: { id: lot.id } })).status).toBe("PUBLISHED");
    expect((await db.scheduledTransition.findUniqueOrThrow({ where: { id: t.id } })).status).toBe("PENDING");
  });
});
