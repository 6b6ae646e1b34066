import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { HallHub, hallEventStream, resetHallHub } from "~/domain/opening/hall-feed.server";
import { listHallEventsSince, type HallEvent } from "~/domain/opening/events";
import { hallTx } from "~/domain/opening/hall-tx";
import { signIn } from "~/domain/opening/sign-in";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { useTempStorage } from "./bids-fixtures";
import { setupHall } from "./opening-fixtures";

/**
 * Live delivery: two hubs stand for two app instances; events committed through hallTx reach both in seq
 * order without duplicates (Redis pub/sub), a publish that never happened is caught up from PostgreSQL, and
 * an SSE stream resumed with Last-Event-ID replays exactly the events after it, then continues live.
 */
const { db } = await useTestDb();
useQueuePrefix();
useTempStorage();
let h: Awaited<ReturnType<typeof setupHall>>;
let sessionId: string;
const hubs: HallHub[] = [];
const newHub = () => {
  const hub = new HallHub({ redisUrl: getEnv().REDIS_URL, prefix: getEnv().QUEUE_PREFIX, db: getDb });
  hubs.push(hub);
  return hub;
};

beforeAll(async () => {
  h = await setupHall(db, [1_00n, 2_00n, 3_00n]);
  sessionId = (await db.openingSession.findUniqueOrThrow({ where: { lotId: h.lot.id } })).id;
});
afterAll(async () => {
  for (const hub of hubs) await hub.stop();
  await resetHallHub();
});

const until = async (cond: () => boolean, ms = 5000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Reads SSE frames from a stream until `n` events arrived; returns their ids. */
async function readEvents(stream: ReadableStream<Uint8Array>, n: number): Promise<HallEvent[]> {
  const reader = stream.getReader();
  const dec = new TextDecoder();
  let buf = "";
  const out: HallEvent[] = [];
  while (out.length < n) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += dec.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf("\n\n")) >= 0) {
      const frame = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const id = /^id: (\d+)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (id && data) {
        const e = JSON.parse(data) as HallEvent;
        expect(e.seq).toBe(Number(id));
        out.push(e);
      }
    }
  }
  reader.releaseLock();
  return out;
}

describe("hall events across instances", () => {
  it("fans out to two instances in order, without duplicates", async () => {
    const got: [number[], number[]] = [[], []];
    const subs = await Promise.all([newHub(), newHub()].map((hub, i) => hub.subscribe(sessionId, (e) => got[i]!.push(e.seq))));
    const start = subs[0]!.position;
    for (let i = 0; i < 20; i++) await hallTx(sessionId, async (_tx, emit) => void (await emit("test.ping", { i })));
    await until(() => got[0].length >= 20 && got[1].length >= 20);
    const want = Array.from({ length: 20 }, (_, i) => start + i + 1);
    expect(got[0]).toEqual(want);
    expect(got[1]).toEqual(want);
    for (const s of subs) s.unsubscribe();
  });

  it("catches up from PostgreSQL when a publish was lost", async () => {
    const hub = newHub();
    const got: number[] = [];
    const sub = await hub.subscribe(sessionId, (e) => got.push(e.seq));
    // Appended without hallTx: committed but never published (as the deadline engine's own events).
    const e = await db.$transaction(async (tx) => (await import("~/domain/opening/events")).appendHallEvent(tx, sessionId, "test.silent"));
    await until(() => got.includes(e.seq), 6000);
    sub.unsubscribe();
  });

  it("replays after Last-Event-ID, then goes live, with neither hole nor duplicate", async () => {
    const all = await listHallEventsSince(db, sessionId, 0);
    const resumeAt = all.length - 5;
    const ctrl = new AbortController();
    const stream = hallEventStream({ sessionId, lastEventId: resumeAt, signal: ctrl.signal, hub: newHub() });
    const first = await readEvents(stream, 5);
    expect(first.map((e) => e.seq)).toEqual(all.slice(resumeAt).map((e) => e.seq));
    await signIn(h.bidders[0]!.actor, { lotId: h.lot.id });
    const live = await readEvents(stream, 1);
    expect(live.map((e) => [e.seq, e.type])).toEqual([[all.length + 1, "attendance.signed_in"]]);
    ctrl.abort();
  });
});
