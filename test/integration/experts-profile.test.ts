import { describe, expect, it } from "vitest";
import { toDatetimeLocal } from "~/lib/time";
import type { Actor } from "~/domain/actor";
import { eligiblePools } from "~/domain/draw/eligible-pools";
import { addMyLeave } from "~/domain/experts/add-my-leave";
import { decideSpecialtyRequest } from "~/domain/experts/decide-specialty-request";
import { getMyExpertProfile } from "~/domain/experts/get-my-expert-profile";
import { listSpecialtyRequests } from "~/domain/experts/list-specialty-requests";
import { removeMyLeave } from "~/domain/experts/remove-my-leave";
import { requestSpecialtyChange } from "~/domain/experts/request-specialty-change";
import { updateMyExpertProfile } from "~/domain/experts/update-my-expert-profile";
import { expectRejects, freshCreditCode } from "../support/accounts-fixtures";
import { useTestDb } from "../support/db";
import { makeExperts, seedSpecialties } from "./draw-fixtures";
import { makeOrg, makeUser } from "./tenders-fixtures";

/**
 * Expert self-service (/expert/profile): every edit audited with before/after, bad input refused with
 * nothing written, scope (an expert reaches only their own record), and leave feeding the draw's pool.
 */
const { db } = await useTestDb();

const DAY = 86_400_000;
const local = (msFromNow: number) => toDatetimeLocal(new Date(Date.now() + msFromNow));

async function scene() {
  await seedSpecialties(db);
  const org = await makeOrg(db, "CENTRE", "专家所在单位");
  const staff = await makeUser(db, org.id, "EXPERT_ADMIN", "专家库管理员");
  const a = await makeUser(db, org.id, "EXPERT", "专家甲");
  const b = await makeUser(db, org.id, "EXPERT", "专家乙");
  const [aId] = await makeExperts(db, 1, ["A0201"], { userId: a.userId! });
  const [bId] = await makeExperts(db, 1, ["A0201"], { userId: b.userId! });
  return { staff, a, b, aId: aId!, bId: bId! };
}

const audits = (entityId: string) => db.auditEntry.findMany({ where: { entityId }, orderBy: { id: "asc" } });
const snapshot = async (expertId: string) => ({
  expert: await db.expert.findUniqueOrThrow({ where: { id: expertId }, include: { leaves: true, specialties: true } }),
  audits: await db.auditEntry.count(),
  requests: await db.expertSpecialtyRequest.count(),
});

function pool(at: Date) {
  return eligiblePools(db, {
    specialtyCodes: ["A0201"], bidderCreditCodes: [], buyerCreditCodes: [], agentCreditCodes: [], projectUserIds: [], excludeExpertIds: [],
    buyerOrgId: "00000000-0000-0000-0000-000000000000", evaluationAt: at, recentSince: new Date(Date.now() - 30 * DAY),
  });
}

describe("expert self-service profile", () => {
  it("edits contact details and employer, audited with before/after; the draw's read model follows", async () => {
    const { a, aId } = await scene();
    const before = await db.expert.findUniqueOrThrow({ where: { id: aId } });
    const cc = freshCreditCode("91", "320500");
    const r = await updateMyExpertProfile(a, { phone: "13812345678", email: "Expert@Example.com", title: "正高级工程师", employerOrgName: "示范市市政设计院", employerCreditCode: cc });
    expect(r).toEqual({ changed: ["phone", "email", "title", "employer"], employerChanged: true });
    const e = await db.expert.findUniqueOrThrow({ where: { id: aId } });
    expect([e.phone, e.email, e.title, e.employerOrgName, e.employerCreditCode]).toEqual(["13812345678", "expert@example.com", "正高级工程师", "示范市市政设计院", cc]);

    const log = await audits(aId);
    expect(log.map((l) => l.action)).toEqual(["expert.profile_updated", "expert.employer_changed"]);
    for (const l of log) {
      expect(l.actorId).toBe(a.userId);
      expect(l.beforeDigest).toMatch(/^[0-9a-f]{64}$/);
      expect(l.afterDigest).toMatch(/^[0-9a-f]{64}$/);
      expect(l.beforeDigest).not.toBe(l.afterDigest);
    }
    expect(log[0]!.detail).toMatchObject({ fields: "phone,email,title" });
    // Personal contact data stays out of the readable log.
    expect(JSON.stringify(log[0]!.detail)).not.toContain("13812345678");
    expect(log[1]!.detail).toMatchObject({ beforeName: before.employerOrgName, beforeCreditCode: before.employerCreditCode, afterName: "示范市市政设计院", afterCreditCode: cc });
    expect((await db.expertPoolEntry.findFirstOrThrow({ where: { expertId: aId } })).employerCreditCode).toBe(cc);

    // Saving the same values again writes nothing.
    const n = await db.auditEntry.count();
    expect(await updateMyExpertProfile(a, { phone: "13812345678", email: "expert@example.com", title: "正高级工程师", employerOrgName: "示范市市政设计院", employerCreditCode: cc })).toEqual({ changed: [], employerChanged: false });
    expect(await db.auditEntry.count()).toBe(n);
  });

  it("refuses a bad credit code, e-mail or phone with field errors and writes nothing", async () => {
    const { a, aId } = await scene();
    const good = { phone: "13812345678", email: "x@example.com", title: "", employerOrgName: "某院", employerCreditCode: freshCreditCode() };
    const bad = good.employerCreditCode.slice(0, 17) + (good.employerCreditCode[17] === "0" ? "1" : "0");
    const before = await snapshot(aId);
    const e1 = await expectRejects(updateMyExpertProfile(a, { ...good, employerCreditCode: bad }));
    expect(e1.status).toBe(422);
    expect(e1.fieldErrors?.employerCreditCode).toEqual(["accounts:errors.creditCode.checksum"]);
    const e2 = await expectRejects(updateMyExpertProfile(a, { ...good, email: "not-an-email", phone: "12345" }));
    expect(e2.fieldErrors?.email).toEqual(["experts:errors.email"]);
    expect(e2.fieldErrors?.phone).toEqual(["experts:errors.phone"]);
    expect((await expectRejects(updateMyExpertProfile(a, { ...good, employerOrgName: "  " }))).fieldErrors?.employerOrgName).toBeDefined();
    expect(await snapshot(aId)).toEqual(before);
  });

  it("adds and removes future leave; refuses bad periods; leave makes the expert ineligible", async () => {
    const { a, aId } = await scene();
    const before = await snapshot(aId);
    const refusals = [
      [{ startsAt: local(-DAY), endsAt: local(DAY) }, "experts:errors.leaveInPast"],
      [{ startsAt: local(3 * DAY), endsAt: local(2 * DAY) }, "experts:errors.leaveOrder"],
      [{ startsAt: local(3 * DAY), endsAt: local(400 * DAY) }, "experts:errors.leaveTooFar"],
      [{ startsAt: "2026-02-30T09:00", endsAt: local(2 * DAY) }, "experts:errors.leaveInstant"],
    ] as const;
    for (const [input, code] of refusals) {
      const e = await expectRejects(addMyLeave(a, input));
      expect(e.fieldErrors ? Object.values(e.fieldErrors).flat() : [e.code]).toContain(code);
    }
    expect(await snapshot(aId)).toEqual(before);

    const inLeave = new Date(Date.now() + 5 * DAY);
    // Earlier tests of this file share the database: compare with the pool as it is now.
    const base = (await pool(inLeave)).counts;
    expect(base.leave).toBe(0);
    const { leaveId } = await addMyLeave(a, { startsAt: local(4 * DAY), endsAt: local(6 * DAY), reason: "出差" });
    const p = await pool(inLeave);
    expect(p.counts).toMatchObject({ candidates: base.candidates, eligible: base.eligible - 1, leave: 1 });
    const aCode = (await db.expert.findUniqueOrThrow({ where: { id: aId } })).code;
    expect(p.pools.get("A0201")).not.toContain(aCode);
    expect((await pool(new Date(Date.now() + 10 * DAY))).pools.get("A0201")).toContain(aCode);
    expect((await audits(aId)).map((l) => l.action)).toEqual(["expert.leave_added"]);

    expect((await expectRejects(addMyLeave(a, { startsAt: local(5 * DAY), endsAt: local(7 * DAY) }))).code).toBe("experts:errors.leaveOverlap");

    // A leave already under way stays (a draw may have relied on it).
    const started = await db.expertLeave.create({ data: { expertId: aId, startsAt: new Date(Date.now() - DAY), endsAt: new Date(Date.now() + DAY) } });
    expect((await expectRejects(removeMyLeave(a, { leaveId: started.id }))).code).toBe("experts:errors.leaveStarted");
    expect(await db.expertLeave.count({ where: { id: started.id } })).toBe(1);

    await removeMyLeave(a, { leaveId });
    expect(await db.expertLeave.count({ where: { id: leaveId } })).toBe(0);
    expect((await audits(aId)).map((l) => l.action)).toEqual(["expert.leave_added", "expert.leave_removed"]);
    expect((await pool(inLeave)).counts).toMatchObject({ eligible: base.eligible, leave: 0 });
  });

  it("reaches only the expert's own record", async () => {
    const { a, b, aId, bId, staff } = await scene();
    const { leaveId } = await addMyLeave(a, { startsAt: local(2 * DAY), endsAt: local(3 * DAY) });
    expect((await getMyExpertProfile(b))!.id).toBe(bId);
    expect((await getMyExpertProfile(b))!.leaves).toEqual([]);
    expect((await getMyExpertProfile(a))!.leaves.map((l) => l.id)).toEqual([leaveId]);
    // B cannot remove A's leave: it reads as not found.
    expect((await expectRejects(removeMyLeave(b, { leaveId }))).status).toBe(404);
    expect(await db.expertLeave.count({ where: { id: leaveId } })).toBe(1);
    // Other roles cannot use the self-service at all; an expert account without a record gets a clear refusal.
    const good = { phone: "13812345678", email: "", title: "", employerOrgName: "某院", employerCreditCode: freshCreditCode() };
    expect((await expectRejects(updateMyExpertProfile(staff, good))).status).toBe(403);
    expect((await expectRejects(getMyExpertProfile(staff))).status).toBe(403);
    const orphan: Actor = { ...a, userId: (await makeUser(db, a.orgId!, "EXPERT", "未入库")).userId };
    expect((await expectRejects(updateMyExpertProfile(orphan, good))).code).toBe("experts:errors.profileNotLinked");
    expect(await getMyExpertProfile(orphan)).toBeNull();
    expect((await db.expert.findUniqueOrThrow({ where: { id: aId } })).phone).toBe("13900000000");
  });

  it("a specialty request changes nothing until staff apply it (audited) or reject it", async () => {
    const { a, b, aId, bId, staff } = await scene();
    const before = await snapshot(aId);
    expect((await expectRejects(requestSpecialtyChange(a, { codes: ["A0299"], note: "x" }))).code).toBe("experts:errors.unknownSpecialty");
    expect((await expectRejects(requestSpecialtyChange(a, { codes: ["A02"], note: "x" }))).code).toBe("experts:errors.specialtyNotLeaf");
    expect((await expectRejects(requestSpecialtyChange(a, { codes: [], note: "x" }))).fieldErrors?.codes).toBeDefined();
    expect(await snapshot(aId)).toEqual(before);

    const { requestId } = await requestSpecialtyChange(a, { codes: ["a0202", "A0201"], note: "取得桥梁专业高级职称" });
    expect((await db.expertSpecialty.findMany({ where: { expertId: aId } })).map((s) => s.specialtyCode)).toEqual(["A0201"]);
    expect((await expectRejects(requestSpecialtyChange(a, { codes: ["A0203"], note: "再次" }))).code).toBe("experts:errors.specialtyRequestPending");
    expect((await expectRejects(decideSpecialtyRequest(a, { requestId, decision: "apply" }))).status).toBe(403);

    expect((await listSpecialtyRequests(staff)).map((r) => [r.expertId, r.codes, r.current])).toEqual([[aId, ["A0201", "A0202"], ["A0201"]]]);
    await decideSpecialtyRequest(staff, { requestId, decision: "apply" });
    expect((await db.expertSpecialty.findMany({ where: { expertId: aId }, orderBy: { specialtyCode: "asc" } })).map((s) => s.specialtyCode)).toEqual(["A0201", "A0202"]);
    expect(await db.expertPoolEntry.count({ where: { expertId: aId } })).toBe(2);
    const changed = await db.auditEntry.findFirstOrThrow({ where: { entityId: aId, action: "expert.specialties_changed" } });
    expect(changed.actorId).toBe(staff.userId);
    expect(changed.detail).toMatchObject({ before: "A0201", after: "A0201,A0202", added: "A0202" });
    expect(await db.auditEntry.count({ where: { entityId: requestId } })).toBe(2); // requested + applied
    expect((await expectRejects(decideSpecialtyRequest(staff, { requestId, decision: "reject", note: "晚了" }))).code).toBe("experts:errors.specialtyRequestNotPending");

    const r2 = await requestSpecialtyChange(b, { codes: ["A0203"], note: "转专业" });
    expect((await expectRejects(decideSpecialtyRequest(staff, { requestId: r2.requestId, decision: "reject" }))).code).toBe("experts:errors.rejectReasonRequired");
    await decideSpecialtyRequest(staff, { requestId: r2.requestId, decision: "reject", note: "缺少职称证明" });
    expect((await db.expertSpecialty.findMany({ where: { expertId: bId } })).map((s) => s.specialtyCode)).toEqual(["A0201"]);
    expect((await getMyExpertProfile(b))!.specialtyRequests[0]).toMatchObject({ status: "REJECTED", decisionNote: "缺少职称证明" });
  });
});
