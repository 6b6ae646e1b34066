import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { auditFilterSchema } from "~/domain/audit/audit-filter";
import { closeAuditPools } from "~/domain/audit/audit-pool";
import { entryMatches, listSealedSince, type AuditEntryView, type ResolvedFilter } from "~/domain/audit/list-audit-entries";
import { startAuditSealer } from "~/domain/audit/start-audit-sealer";
import { LiveLog, type LiveLogEvent } from "~/domain/audit/live-log.server";
import { useTestDb } from "../support/db";

const { url } = await useTestDb();
const sealer = startAuditSealer({ url });
const live = new LiveLog(url);
afterAll(async () => {
  await live.stop();
  await sealer.stop();
  await closeAuditPools();
});

const actor: Actor = { userId: null, role: "STAFF", orgId: null, ip: "10.9.9.9", userAgent: "live-test" };

/** Appends and commits on a separate, plain connection: the live log must see it only through the DB. */
async function appendElsewhere(action: string, entityId: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("BEGIN");
  await appendAudit(c, actor, { action, entityType: "bid", entityId, detail: { lotNo: 2 } });
  await c.query("COMMIT");
  await c.end();
}

function collector() {
  const got: AuditEntryView[] = [];
  const waiters: (() => void)[] = [];
  const fn = (e: LiveLogEvent) => {
    if (e.kind !== "entries") return;
    got.push(...e.entries);
    waiters.splice(0).forEach((w) => w());
  };
  const until = async (pred: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out after ${ms} ms; got ${got.map((e) => e.entityId).join(",")}`);
      await new Promise<void>((r) => (waiters.push(r), setTimeout(r, 20)));
    }
  };
  return { got, fn, until };
}

describe("live log fan-out", () => {
  it("delivers a committed entry to every subscriber within a second, sealed, in chain order", async () => {
    const a = collector();
    const b = collector();
    const offA = live.subscribe(a.fn);
    const offB = live.subscribe(b.fn);
    await live.ready();
    const t0 = Date.now();
    await appendElsewhere("bid.submitted", "live-1");
    await appendElsewhere("bid.submitted", "live-2");
    await a.until(() => a.got.some((e) => e.entityId === "live-2"), 1000);
    await b.until(() => b.got.some((e) => e.entityId === "live-2"), 1000);
    expect(Date.now() - t0).toBeLessThan(1000);
    const mine = a.got.filter((e) => e.entityId.startsWith("live-"));
    expect(mine.map((e) => e.entityId)).toEqual(["live-1", "live-2"]);
    expect(mine.every((e) => e.seq && e.hash && e.ip === "10.9.9.9")).toBe(true);
    expect(Number(mine[1]!.seq)).toBe(Number(mine[0]!.seq) + 1);
    offA();
    await appendElsewhere("bid.withdrawn", "live-3");
    await b.until(() => b.got.some((e) => e.entityId === "live-3"), 1000);
    expect(a.got.some((e) => e.entityId === "live-3")).toBe(false);
    offB();
  });

  it("filters per client with the same rules as the SQL, and replays from a chain position", async () => {
    const f = auditFilterSchema.parse({ action: "bid.with" });
    const rf: ResolvedFilter = { filter: f, scope: { kind: "all" } };
    const all = await listSealedSince(null, "0", 100);
    expect(all.filter((e) => entryMatches(rf, e)).map((e) => e.entityId)).toEqual(["live-3"]);
    expect((await listSealedSince(rf, "0", 100)).map((e) => e.entityId)).toEqual(["live-3"]);
    const afterFirst = await listSealedSince(null, all[0]!.seq!, 100);
    expect(afterFirst.map((e) => e.entityId)).toEqual(["live-2", "live-3"]);
    const none: ResolvedFilter = { filter: auditFilterSchema.parse({}), scope: { kind: "none", reason: "socialSupervisorPending" } };
    expect(entryMatches(none, all[0]!)).toBe(false);
    expect(await listSealedSince(none, "0", 100)).toEqual([]);
  });
});
