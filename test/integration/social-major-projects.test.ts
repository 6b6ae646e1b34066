import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { addDrawEntropy } from "~/domain/draw/add-draw-entropy";
import { requestDraw } from "~/domain/draw/request-draw";
import { signIn } from "~/domain/opening/sign-in";
import { isMajorLot } from "~/domain/social-supervision/major-project";
import { majorProjectUnattended } from "~/domain/supervision/alert-rules/major-project-unattended";
import { evaluateAlertRules } from "~/domain/supervision/evaluate-alert-rules";
import { resetEnvCache } from "~/lib/env.server";
import { expectRejects } from "../support/accounts-fixtures";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { useTempStorage } from "./bids-fixtures";
import { drawRequest, drawScene, makeExperts } from "./draw-fixtures";
import { setupHall } from "./opening-fixtures";

/** 重大项目: supervisors' attendance at draws and openings, and the alert when none attended. */
const { db } = await useTestDb();
useQueuePrefix();
useTempStorage();
// ¥1,000,000 for this file: the fixtures' lots (¥90,000 ceiling) are ordinary until raised above it.
process.env.MAJOR_PROJECT_THRESHOLD_FEN = "100000000";
resetEnvCache();
const MAJOR = { ceilingPriceFen: 600_000_000n, estimatedPriceFen: 650_000_000n };
const RULES = [majorProjectUnattended];
const alertsOf = (lotId: string) => db.alert.findMany({ where: { lotId, kind: { in: ["MAJOR_DRAW_UNATTENDED", "MAJOR_OPENING_UNATTENDED", "MAJOR_OPENING_NO_SUPERVISOR_YET"] } }, orderBy: { createdAt: "asc" } });

let D: Awaited<ReturnType<typeof drawScene>>;
beforeAll(async () => {
  D = await drawScene(db);
  await makeExperts(db, 5, ["A0201"]);
  await makeExperts(db, 4, ["A0202"]);
  await makeExperts(db, 4, ["A0203"]);
});

describe("major projects", () => {
  it("flags lots by the configured amount", () => {
    expect(isMajorLot({ ceilingPriceFen: 99_999_999n, estimatedPriceFen: 1n })).toBe(false);
    expect(isMajorLot({ ceilingPriceFen: 1n, estimatedPriceFen: 100_000_000n })).toBe(true);
    expect(isMajorLot({ ceilingPriceFen: 100_000_000n, estimatedPriceFen: 1n }, 100_000_001n)).toBe(false);
  });

  it("records the supervisor who added a draw's entropy, and alerts on a major draw nobody attended", async () => {
    await db.lot.update({ where: { id: D.lot.id }, data: MAJOR });
    const r = await requestDraw(D.staff, drawRequest(D.lot.id));
    await addDrawEntropy(D.supervisor, { drawId: r.drawId, entropy: randomBytes(16).toString("hex") });
    expect(await db.supervisorAttendance.findMany({ where: { refId: r.drawId } })).toMatchObject([
      { lotId: D.lot.id, kind: "DRAW", supervisorId: D.supervisor.userId },
    ]);
    expect(await evaluateAlertRules(db, new Date(), RULES)).toBe(0);

    // The same draw without its attendance row (e.g. made before this record existed): red, once.
    await db.supervisorAttendance.deleteMany({ where: { refId: r.drawId } });
    expect(await evaluateAlertRules(db, new Date(), RULES)).toBe(1);
    expect(await evaluateAlertRules(db, new Date(), RULES)).toBe(0);
    expect((await alertsOf(D.lot.id)).map((a) => [a.kind, a.severity])).toEqual([["MAJOR_DRAW_UNATTENDED", "RED"]]);

    // An ordinary lot's unattended draw is no alert.
    await db.lot.update({ where: { id: D.lot.id }, data: { ceilingPriceFen: 90_000_00n, estimatedPriceFen: 100_000_00n } });
    await db.alert.deleteMany({ where: { lotId: D.lot.id } });
    expect(await evaluateAlertRules(db, new Date(), RULES)).toBe(0);
  });

  it("records a supervisor's sign-in to the hall; yellow while nobody signed in, red when the opening started without one", async () => {
    const h = await setupHall(db, [1_000_00n, 2_000_00n]);
    await db.lot.update({ where: { id: h.lot.id }, data: MAJOR });
    const session = await db.openingSession.findUniqueOrThrow({ where: { lotId: h.lot.id } });

    await evaluateAlertRules(db, new Date(), RULES);
    expect((await alertsOf(h.lot.id)).map((a) => [a.kind, a.severity])).toEqual([["MAJOR_OPENING_NO_SUPERVISOR_YET", "YELLOW"]]);

    // The opening starts with nobody from supervision signed in: red.
    await db.openingSession.update({ where: { id: session.id }, data: { startedAt: new Date(), state: "DECRYPTING" } });
    await evaluateAlertRules(db, new Date(), RULES);
    expect((await alertsOf(h.lot.id)).map((a) => a.severity)).toEqual(["YELLOW", "RED"]);

    // A supervisor signs in (the hall's sign-in intent): attendance recorded once, audited, no bidder attendance.
    expect(await signIn(h.supervisor, { lotId: h.lot.id })).toEqual({ signedIn: true });
    expect(await signIn(h.supervisor, { lotId: h.lot.id })).toEqual({ signedIn: false });
    expect(await db.supervisorAttendance.count({ where: { kind: "OPENING", refId: session.id } })).toBe(1);
    expect(await db.openingAttendance.count({ where: { sessionId: session.id } })).toBe(0);
    expect(await db.auditEntry.count({ where: { action: "opening.supervisor_signed_in", entityId: session.id } })).toBe(1);

    // A second major hall, attended before it started: no alert at all.
    const h2 = await setupHall(db, [3_000_00n]);
    await db.lot.update({ where: { id: h2.lot.id }, data: MAJOR });
    await signIn(h2.supervisor, { lotId: h2.lot.id });
    await db.openingSession.update({ where: { lotId: h2.lot.id }, data: { startedAt: new Date(), state: "DECRYPTING" } });
    await evaluateAlertRules(db, new Date(), RULES);
    expect(await alertsOf(h2.lot.id)).toEqual([]);
  });

  it("refuses a supervisor's sign-in to a closed hall and a stranger's sign-in", async () => {
    const h = await setupHall(db, [4_000_00n]);
    await db.openingSession.update({ where: { lotId: h.lot.id }, data: { state: "CLOSED" } });
    expect(await expectRejects(signIn(h.supervisor, { lotId: h.lot.id }))).toMatchObject({ code: "opening:errors.wrongStep", status: 409 });
    expect(await expectRejects(signIn(h.author, { lotId: h.lot.id }))).toMatchObject({ status: 403 });
    expect(await db.supervisorAttendance.count({ where: { lotId: h.lot.id } })).toBe(0);
  });
});
