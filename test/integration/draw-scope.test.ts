import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { addDrawEntropy } from "~/domain/draw/add-draw-entropy";
import { cancelDraw } from "~/domain/draw/cancel-draw";
import { finalizeDraw } from "~/domain/draw/finalize-draw";
import { getDraw, listDraws } from "~/domain/draw/get-draw";
import { listStaffDraws } from "~/domain/draw/list-staff-draws";
import { requestDraw } from "~/domain/draw/request-draw";
import { recheckDrawAvoidance } from "~/domain/draw/recheck-draw-avoidance";
import { systemActor } from "~/domain/actor";
import { shanghaiDate } from "~/domain/rules/dates";
import { getFixedT } from "~/lib/i18n";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { drawRequest, drawScene, makeExperts } from "./draw-fixtures";
import { makeOrg, makeUser } from "./tenders-fixtures";

/** Staff scope of draws (only the project's buyer, agent and the centre) and the 政府采购 timing rule. */
const { db } = await useTestDb();
useQueuePrefix();

let s: Awaited<ReturnType<typeof drawScene>>;
let outsider: Actor;
let buyerStaff: Actor;
let drawId = "";

beforeAll(async () => {
  s = await drawScene(db);
  await makeExperts(db, 8, ["A0201"]);
  await makeExperts(db, 6, ["A0202"]);
  await makeExperts(db, 6, ["A0203"]);
  const otherAgency = await makeOrg(db, "AGENT", "别家招标代理有限公司");
  outsider = await makeUser(db, otherAgency.id, "STAFF", "别家代理员");
  buyerStaff = s.author;
});

const refusedAsOutsider = (e: unknown) => {
  expect(e).toMatchObject({ code: "experts:errors.notYourLot", status: 403 });
  expect(getFixedT("zh-CN", "experts")("experts:errors.notYourLot")).toContain("不负责");
  expect(getFixedT("en", "experts")("experts:errors.notYourLot")).toContain("not responsible");
};

describe("staff may act only on draws of projects they are responsible for", () => {
  it("another agency's staff cannot request a draw for the lot; nothing is written", async () => {
    refusedAsOutsider(await requestDraw(outsider, drawRequest(s.lot.id)).catch((e: unknown) => e));
    expect(await db.draw.count()).toBe(0);
  });

  it("the buyer's own staff may request it", async () => {
    ({ drawId } = await requestDraw(buyerStaff, drawRequest(s.lot.id)));
    expect(drawId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("the outsider cannot read, list, cancel or finalise it; the centre's staff and the buyer's can", async () => {
    refusedAsOutsider(await getDraw(outsider, drawId).catch((e: unknown) => e));
    refusedAsOutsider(await cancelDraw(outsider, { drawId, reason: "想重新抽取" }).catch((e: unknown) => e));
    refusedAsOutsider(await finalizeDraw(outsider, { drawId, confirm: true }).catch((e: unknown) => e));
    expect(await listDraws(outsider, { lotId: s.lot.id })).toEqual([]);
    expect(await listStaffDraws(outsider)).toEqual([]);
    expect(await listStaffDraws(outsider, { drawId })).toEqual([]);
    expect((await getDraw(s.staff, drawId)).id).toBe(drawId);
    expect((await getDraw(buyerStaff, drawId)).id).toBe(drawId);
    expect((await listDraws(buyerStaff, { lotId: s.lot.id })).map((d) => d.id)).toEqual([drawId]);
    expect((await db.draw.findUniqueOrThrow({ where: { id: drawId } })).status).toBe("AWAITING_ENTROPY");
  });
});

describe("finalised after the deadline: avoidance is re-checked first", () => {
  it("a member whose employer became a bidder is AVOIDED and replaced before the result is final", async () => {
    await addDrawEntropy(s.supervisor, { drawId, entropy: "banknote WK36195847" });
    const member = await db.drawMember.findFirstOrThrow({ where: { drawId, role: "MEMBER", specialtyCode: "A0202" }, orderBy: { rank: "asc" } });
    const e = await db.expert.findUniqueOrThrow({ where: { id: member.expertId } });
    const late = await db.organisation.create({ data: { kind: "BIDDER", name: "后登记投标单位", creditCode: e.employerCreditCode, region: "320500" } });
    const u = await makeUser(db, late.id, "BIDDER", "后登记投标人");
    await db.lotRegistration.create({ data: { lotId: s.lot.id, bidderOrgId: late.id, userId: u.userId! } });

    expect(await finalizeDraw(s.staff, { drawId, confirm: true })).toEqual({ finalized: 1 });
    const after = await db.drawMember.findUniqueOrThrow({ where: { id: member.id } });
    expect(after.status).toBe("AVOIDED");
    const backup = await db.drawMember.findFirstOrThrow({ where: { replacesId: member.id } });
    expect([backup.role, backup.status, backup.specialtyCode]).toEqual(["BACKUP", "NOTIFIED", "A0202"]);
    expect(await db.auditEntry.count({ where: { action: "draw.member_avoided", entityId: member.id } })).toBe(1);
  });

  it("a conflict found after finalising still refills the seat from the backups (finalising does not stop the refill)", async () => {
    expect((await db.draw.findUniqueOrThrow({ where: { id: drawId } })).status).toBe("FINAL");
    const member = await db.drawMember.findFirstOrThrow({ where: { drawId, role: "MEMBER", specialtyCode: "A0201", status: "NOTIFIED" }, orderBy: { rank: "asc" } });
    const e = await db.expert.findUniqueOrThrow({ where: { id: member.expertId } });
    const late = await db.organisation.create({ data: { kind: "BIDDER", name: "又一投标单位", creditCode: e.employerCreditCode, region: "320500" } });
    const u = await makeUser(db, late.id, "BIDDER", "又一投标人");
    await db.lotRegistration.create({ data: { lotId: s.lot.id, bidderOrgId: late.id, userId: u.userId! } });
    const r = await recheckDrawAvoidance(systemActor("test"), { lotId: s.lot.id });
    expect(r).toMatchObject({ outcome: "AVOIDED", avoided: 1, filled: ["BACKUP_CALLED"] });
    const backup = await db.drawMember.findFirstOrThrow({ where: { replacesId: member.id } });
    expect([backup.status, backup.specialtyCode]).toEqual(["NOTIFIED", "A0201"]);
    // No alert: the backups refilled the seat (the old check named a kind no code raises, so it could not fail).
    expect(await db.alert.count({ where: { lotId: s.lot.id } })).toBe(0);
  });
});

describe("政府采购: no draw earlier than 2 working days before the evaluation (财库〔2016〕198号 第十三条)", () => {
  it("refuses a draw for an evaluation 20 days ahead, naming the earliest instant; nothing is written", async () => {
    const gp = await db.lot.create({
      data: {
        ...(({ id: _i, createdAt: _c, updatedAt: _u, projectId: _p, retenderOfLotId: _r, ...rest }) => rest)(await db.lot.findUniqueOrThrow({ where: { id: s.lot.id } })),
        criteria: [],
        project: { create: { code: `GP-${Date.now()}`, title: "政府采购测试项目", procurementType: "GOVERNMENT_PROCUREMENT", buyerOrgId: s.buyer.id, region: "320500", createdById: s.author.userId! } },
      },
    });
    const evaluationAt = new Date(Date.now() + 20 * 86_400_000);
    const before = await db.draw.count();
    const err = (await requestDraw(s.staff, drawRequest(gp.id, { evaluationAt })).catch((e: unknown) => e)) as { code: string; params: Record<string, string>; status: number };
    expect(err).toMatchObject({ code: "rules:violations.drawTiming", status: 422 });
    expect(err.params.earliest).toMatch(/^\d{4}-\d{2}-\d{2} 00:00$/);
    expect(err.params.earliest < `${shanghaiDate(evaluationAt)} 00:00`).toBe(true);
    expect(getFixedT("zh-CN", "rules")(err.code, err.params)).toContain(`最早可于 ${err.params.earliest} 起抽取`);
    expect(await db.draw.count()).toBe(before);

    // The next day's evaluation is within the window: the same request passes.
    const soon = await requestDraw(s.staff, drawRequest(gp.id, { evaluationAt: new Date(Date.now() + 3_600_000 * 20) }));
    expect(soon.commitment).toMatch(/^[0-9a-f]{64}$/);
  });
});
