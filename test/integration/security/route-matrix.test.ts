import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "~/domain/accounts/sessions";
import { Role } from "~/generated/prisma/enums";
import { resetHallHub } from "~/domain/opening/hall-feed.server";
import { COLUMNS, KNOWN_WRONG, MATRIX, PARAMS } from "./route-matrix";
import { callRoute, loadRouteTree, type RouteEntry } from "./routes";
import { buildWorld, ROLES, useSecurityHarness, WHO, type Who, type World } from "./world";

/**
 * Issue 13 "make it hold": every route module's loader and action × every role × own/other organisation,
 * called in-process through the route's real guard and domain against a real database, compared with the
 * hand-written table in route-matrix.ts. Generated from the route tree: a route without a row fails.
 */
const { db } = await useSecurityHarness();

let w: World;
let routes: RouteEntry[];
const rowKeys: { row: string; route: RouteEntry; method: "GET" | "POST" }[] = [];

beforeAll(async () => {
  w = await buildWorld(db);
  routes = await loadRouteTree();
  for (const route of routes) {
    if (route.loader) rowKeys.push({ row: `GET ${route.key}`, route, method: "GET" });
    if (route.action) rowKeys.push({ row: `POST ${route.key}`, route, method: "POST" });
  }
}, 120_000);

afterAll(async () => {
  await resetHallHub();
});

const columns = COLUMNS.split(/\s+/);
const whoOfColumn = (c: string): Who => {
  const map: Record<string, string> = { PUB: "PUBLIC", BID: "BIDDER", STF: "STAFF", EXP: "EXPERT", SUP: "SUPERVISOR", SOC: "SOCIAL_SUPERVISOR", SYA: "SYSTEM_ADMIN", SCA: "SECURITY_ADMIN", AUA: "AUDIT_ADMIN", EXA: "EXPERT_ADMIN" };
  return (map[c.replace("~", "")]! + (c.endsWith("~") ? "~" : "")) as Who;
};

/** A fresh session per POST: an action may end its caller's session (logout) or change the account. */
async function freshCookie(who: Who): Promise<string> {
  const base = w.cookies.get(who)!;
  if (who === "PUBLIC") return base;
  const a = w.actors[who];
  const token = await db.$transaction((tx) => createSession(tx, { userId: a.userId!, mfaPassed: true, ip: "127.0.0.1", userAgent: "vitest" }));
  return base.replace(/__session=[^;]+/, `__session=${token}`);
}

async function observe(route: RouteEntry, method: "GET" | "POST"): Promise<{ codes: string[]; crashes: string[] }> {
  const params = { ...PARAMS["*"]!(w), ...(PARAMS[route.key]?.(w) ?? {}) };
  const codes: string[] = [];
  const crashes: string[] = [];
  for (const c of columns) {
    const who = whoOfColumn(c);
    const cookie = method === "POST" ? await freshCookie(who) : w.cookies.get(who)!;
    const r = await callRoute(route, method, { cookie, csrf: w.csrf, params, readBody: false });
    codes.push(String(r.status));
    if (r.status >= 500) crashes.push(`${c}: ${r.body.split("\n").slice(0, 3).join(" | ")}`);
  }
  return { codes, crashes };
}

describe("role × route matrix", () => {
  it("has a column for every role, and a row for every loader and action in the route tree", () => {
    // A role added to the schema needs its two columns (in the trade, outside it) here and in world.ts.
    expect([...ROLES].sort(), "roles of the schema without matrix columns").toEqual(Object.values(Role).sort());
    expect(WHO).toHaveLength(columns.length);
    const missing = rowKeys.map((r) => r.row).filter((r) => !(r in MATRIX));
    const stale = Object.keys(MATRIX).filter((k) => !rowKeys.some((r) => r.row === k));
    if (process.env.MATRIX_RECORD) console.log("rows to add:\n" + missing.map((m) => `  ${JSON.stringify(m)}: "",`).join("\n"));
    expect(missing, `routes without a row in test/integration/security/route-matrix.ts: ${missing.join(", ")}`).toEqual([]);
    expect(stale, `rows in route-matrix.ts for routes that no longer exist: ${stale.join(", ")}`).toEqual([]);
  });

  it("answers every role as the table says, and never 5xx", { timeout: 300_000 }, async () => {
    const mismatches: string[] = [];
    const crashes: string[] = [];
    const recorded: string[] = [];
    let cells = 0;
    const timings: [string, number][] = [];
    // Four rows at a time (each row's calls in order: rate limits count per caller address).
    // MATRIX_ONLY=<regex>: observe only the matching rows (recording a new route's rows without the rest).
    const only = process.env.MATRIX_ONLY ? new RegExp(process.env.MATRIX_ONLY) : null;
    const queue = rowKeys.filter((r) => !only || only.test(r.row));
    await Promise.all(
      Array.from({ length: Number(process.env.MATRIX_CONCURRENCY ?? 2) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const t0 = Date.now();
          const { codes, crashes: c } = await observe(next.route, next.method);
          timings.push([next.row, Date.now() - t0]);
          cells += codes.length;
          crashes.push(...c.map((x) => `${next.row} ${x}`));
          recorded.push(`  ${JSON.stringify(next.row)}: "${codes.map((x, i) => x.padEnd(columns[i]!.length)).join(" ").trimEnd()}",`);
          const expected = (MATRIX[next.row] ?? "").trim().split(/\s+/);
          if (!MATRIX[next.row]) continue;
          const known = KNOWN_WRONG[next.row];
          const diff = columns.flatMap((col, i) => {
            const wrong = known?.[col];
            if (wrong !== undefined) return wrong === codes[i] ? [] : [`${col} known wrong (${wrong}) now ${codes[i]}${codes[i] === expected[i] ? ": fixed, remove its KNOWN_WRONG entry" : ""}`];
            return expected[i] === codes[i] ? [] : [`${col} expected ${expected[i]} got ${codes[i]}`];
          });
          if (diff.length) mismatches.push(`${next.row} (${next.route.pattern}): ${diff.join(", ")}`);
        }
      }),
    );
    if (process.env.MATRIX_RECORD) console.log(`// ${COLUMNS}\n` + recorded.sort().join("\n"));
    if (process.env.MATRIX_RECORD) console.log(timings.sort((a, b) => b[1] - a[1]).slice(0, 15).map(([r, ms]) => `${ms} ms ${r}`).join("\n"));
    console.log(`role × route matrix: ${rowKeys.length} rows (${routes.length} route modules) × ${columns.length} callers = ${cells} calls`);
    expect(crashes, "5xx answers").toEqual([]);
    expect(mismatches).toEqual([]);
  });
});
