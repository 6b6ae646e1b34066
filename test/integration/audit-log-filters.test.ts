import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { auditFilterSchema } from "~/domain/audit/audit-filter";
import { closeAuditPools, getAuditPool } from "~/domain/audit/audit-pool";
import { listAuditEntries, resolveAuditFilter } from "~/domain/audit/list-audit-entries";
import { idRangeForTimes } from "~/domain/audit/time-id-range";
import { useTestDb } from "../support/db";

/**
 * The live-log console's filtered page against a brute-force answer (issue 7; the shapes the benchmark
 * made fast: a time range bounded by ids, one actor as an equality, a lot through detail.lotId). Entries
 * are inserted after the template's own, with chosen instants (one every 37 minutes over ~5 days, from a
 * day after the last existing entry, so `at` still grows with id) and ids with gaps (rolled-back inserts
 * leave some), so the id bounds are checked at every boundary. `now` is passed a month after them.
 */
const { url } = await useTestDb();
const pool = getAuditPool(url);
afterAll(() => closeAuditPools());

const supervisor: Actor = { userId: null, role: "SUPERVISOR", orgId: null, ip: "", userAgent: "vitest" };
const LOTS = ["0b7c1f3a-1111-4a5b-8c9d-000000000001", "0b7c1f3a-1111-4a5b-8c9d-000000000002"];
const ACTORS = ["5d1e0f2a-2222-4b6c-9d0e-000000000001", "5d1e0f2a-2222-4b6c-9d0e-000000000002", "5d1e0f2a-2222-4b6c-9d0e-000000000003"];
let START = 0;
let NOW = new Date();
const STEP = 37 * 60_000;
const N = 200;
interface E {
  id: string;
  at: number;
  actorId: string;
  action: string;
  lot: string | null;
  onLot: boolean;
}
const all: E[] = [];

beforeAll(async () => {
  const last = (await pool.query<{ id: string | null; at: Date | null }>(`SELECT max(id)::text id, max(at) at FROM "AuditEntry"`)).rows[0]!;
  const base = Number(last.id ?? 0) + 1000;
  START = Math.ceil(((last.at?.getTime() ?? Date.now()) + 86_400_000) / 60_000) * 60_000;
  NOW = new Date(START + 30 * 86_400_000);
  for (let i = 0; i < N; i++) {
    const lot = i % 5 === 4 ? null : LOTS[i % 2]!;
    const onLot = lot !== null && i % 7 === 0;
    const action = onLot ? "lot.updated" : i % 3 === 0 ? "bid.submitted" : "document.downloaded";
    const e = {
      id: String(base + i * 4 + (i % 3)), // gaps of 2–6 between ids
      at: START + i * STEP,
      actorId: ACTORS[i % 3]!,
      action,
      lot,
      onLot,
    };
    const detail = lot && !onLot ? JSON.stringify({ lotId: lot }) : "{}";
    await pool.query(
      `INSERT INTO "AuditEntry" (id, at, "actorId", "actorRole", action, "entityType", "entityId", detail)
       VALUES ($1, $2, $3, 'STAFF', $4, $5, $6, $7::json)`,
      [e.id, new Date(e.at), e.actorId, e.action, onLot ? "Lot" : "Bid", onLot ? lot : `b-${i}`, detail],
    );
    all.push(e);
  }
});

async function page(raw: Record<string, string>) {
  const f = auditFilterSchema.parse(raw);
  const rf = await resolveAuditFilter(supervisor, f, { pool });
  return { rf, ids: (await listAuditEntries(supervisor, rf, { pool })).entries.map((x) => x.id) };
}
const newestFirst = (xs: E[]) => xs.sort((a, b) => Number(b.id) - Number(a.id)).slice(0, 50).map((x) => x.id);
// Shanghai wall clock "YYYY-MM-DDTHH:mm" of an instant (what the console sends).
const local = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);

describe("idRangeForTimes", () => {
  it("bounds exactly the entries of any range (widened by its minute margin), across id gaps", async () => {
    for (const [a, b] of [[10, 20], [0, 0], [57, 140], [199, 199], [3, 198]] as const) {
      const from = new Date(START + a * STEP);
      const to = new Date(START + b * STEP);
      const r = await idRangeForTimes(pool, from, to, NOW);
      const inside = all.filter((e) => e.at >= from.getTime() - 60_000 && e.at <= to.getTime() + 60_000);
      expect(r.min).toBe(inside[0]!.id);
      expect(r.max).toBe(inside.at(-1)!.id === all.at(-1)!.id ? String(Number(all.at(-1)!.id)) : String(Number(all[all.indexOf(inside.at(-1)!) + 1]!.id) - 1));
      expect(all.filter((e) => e.at >= from.getTime() && e.at <= to.getTime()).every((e) => BigInt(e.id) >= BigInt(r.min!) && BigInt(e.id) <= BigInt(r.max!))).toBe(true);
    }
  });

  it("leaves out a bound that narrows nothing: a range reaching into the future has no upper bound", async () => {
    expect(await idRangeForTimes(pool, undefined, new Date(NOW.getTime() - 30_000), NOW)).toEqual({});
    expect(await idRangeForTimes(pool, undefined, undefined, NOW)).toEqual({});
    expect((await idRangeForTimes(pool, new Date(START - 3_600_000), undefined, NOW)).min).toBe(all[0]!.id);
    expect((await idRangeForTimes(pool, new Date(START + 10 * N * STEP), undefined, NOW)).min).toBe(String(Number(all.at(-1)!.id) + 1));
  });
});

describe("listAuditEntries filters", () => {
  it("a time range returns what a full scan would", async () => {
    for (const [a, b] of [[30, 90], [100, 101], [0, 199]] as const) {
      const { rf, ids } = await page({ from: local(START + a * STEP), to: local(START + b * STEP) });
      expect(rf.idRange?.min).toBe(all.find((e) => e.at >= START + a * STEP - 60_000)!.id);
      const fromMs = START + a * STEP;
      const toMs = START + b * STEP + 59_999; // the end bound covers its minute
      expect(ids).toEqual(newestFirst(all.filter((e) => e.at >= fromMs && e.at <= toMs)));
    }
  });

  it("one actor, an action prefix and a range together", async () => {
    const { ids } = await page({ actor: ACTORS[0]!, action: "bid.", from: local(START + 20 * STEP), to: local(START + 150 * STEP) });
    const expected = newestFirst(
      all.filter((e) => e.actorId === ACTORS[0] && e.action.startsWith("bid.") && e.at >= START + 20 * STEP && e.at <= START + 150 * STEP + 59_999),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected);
  });

  it("a lot: its own entries and those naming it in detail; nothing for a range before the log", async () => {
    const { ids } = await page({ lot: LOTS[0]! });
    expect(ids).toEqual(newestFirst(all.filter((e) => e.lot === LOTS[0])));
    expect(ids.length).toBe(50);
    expect((await page({ lot: LOTS[0]!, from: "2001-01-01", to: "2001-12-31" })).ids).toEqual([]);
  });
});
