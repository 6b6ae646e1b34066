import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { createSession, deleteSession } from "~/domain/accounts/sessions";
import { closeAuditPools } from "~/domain/audit/audit-pool";
import { resetEnvCache } from "~/lib/env.server";
import { resetHallHub } from "~/domain/opening/hall-feed.server";
import * as hallStream from "~/routes/hall.$lotId.stream";
import * as notificationsStream from "~/routes/notifications.stream";
import * as logStream from "~/routes/supervision.log.stream";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { useTempStorage } from "./bids-fixtures";
import { setupHall } from "./opening-fixtures";
import { activeObserver, socialScene } from "./social-fixtures";

/**
 * Issue 13 point 6: a live stream lasts only as long as the right it was opened with. The live log, the hall
 * and the notification bell end by themselves after logout, an account being disabled or an appointment
 * revoked (re-checked every STREAM_RECHECK_SECONDS; 1 s here).
 */
process.env.STREAM_RECHECK_SECONDS = "1";
resetEnvCache();
const { db } = await useTestDb();
useQueuePrefix();
useTempStorage();
afterAll(async () => {
  await closeAuditPools();
  await resetHallHub();
});

const tokenOf = (a: Actor) => db.$transaction((tx) => createSession(tx, { userId: a.userId!, mfaPassed: true, ip: "127.0.0.1", userAgent: "vitest" }));
const args = (path: string, token: string, params: Record<string, string> = {}) => ({
  request: new Request(`http://localhost${path}`, { headers: { cookie: `__session=${token}`, "accept-language": "zh-CN" } }),
  params,
  context: { cspNonce: "", clientIp: "127.0.0.1", requestId: "vitest" },
});

/** Reads the stream until it ends; resolves with its text, or rejects if it is still open after `ms`. */
async function endsWithin(res: Response, ms: number): Promise<string> {
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const reader = res.body!.getReader();
  let text = "";
  const deadline = Date.now() + ms;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) {
      await reader.cancel().catch(() => {});
      throw new Error(`stream still open after ${ms} ms: ${text.slice(0, 200)}`);
    }
    const r = await Promise.race([reader.read(), new Promise<"timeout">((res) => setTimeout(() => res("timeout"), left))]);
    if (r === "timeout") continue;
    if (r.done) return text;
    text += new TextDecoder().decode(r.value);
  }
}

let S: Awaited<ReturnType<typeof socialScene>>;
let appointmentId = "";
beforeAll(async () => {
  S = await socialScene(db);
  appointmentId = (await activeObserver(db, { nominator: S.staff, supervisor: S.supervisor }, S.observer, S.projectA.code)).appointment.id;
});

describe("streams end with the right they were opened with", () => {
  it("the notification bell ends after logout", async () => {
    const token = await tokenOf(S.bidder);
    const res = await notificationsStream.loader(args("/notifications/stream", token));
    await db.$transaction((tx) => deleteSession(tx, token));
    expect(await endsWithin(res, 5000)).toContain("event: ended");
  });

  it("the live log ends when the social supervisor's appointment is revoked", async () => {
    const token = await tokenOf(S.observer);
    const res = await logStream.loader(args("/supervision/log/stream", token));
    await db.socialSupervisorAppointment.update({ where: { id: appointmentId }, data: { status: "DISMISSED" } });
    expect(await endsWithin(res, 5000)).toContain("event: ended");
  });

  it("the live log ends when the account is disabled", async () => {
    const token = await tokenOf(S.supervisor);
    const res = await logStream.loader(args("/supervision/log/stream", token));
    await db.user.update({ where: { id: S.supervisor.userId! }, data: { status: "DISABLED" } });
    expect(await endsWithin(res, 5000)).toContain("event: ended");
    await db.user.update({ where: { id: S.supervisor.userId! }, data: { status: "ACTIVE" } });
  });

  it("the hall stream ends after logout", async () => {
    const h = await setupHall(db, [1_000_00n, 2_000_00n, 3_000_00n]);
    const token = await tokenOf(h.supervisor);
    const res = await hallStream.loader(args(`/hall/${h.lot.id}/stream`, token, { lotId: h.lot.id }));
    await db.$transaction((tx) => deleteSession(tx, token));
    await endsWithin(res, 5000);
  });
});
