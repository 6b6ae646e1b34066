import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { getBuyerRepresentatives } from "~/domain/evaluation/get-buyer-representatives";
import { getEvaluationProgress } from "~/domain/evaluation/get-evaluation-progress";
import { getEvaluationWorkspace } from "~/domain/evaluation/get-evaluation-workspace";
import { nameBuyerRepresentative } from "~/domain/evaluation/name-buyer-representative";
import { removeBuyerRepresentative } from "~/domain/evaluation/remove-buyer-representative";
import { getRepresentativeSeat, requestRepresentativeSeatCode, signInToRepresentativeSeat } from "~/domain/evaluation/representative-seat-sign-in";
import { requestSignInCode } from "~/domain/evaluation/request-sign-in-code";
import { signInWithCode } from "~/domain/evaluation/sign-in-with-code";
import { startEvaluation } from "~/domain/evaluation/start-evaluation";
import { getStorage } from "~/lib/storage.server";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { evaluateLotForTest, lastCodeSentTo, makeBuyerStaff, openedLotForTest, type OpenedLot } from "./evaluation-fixtures";
import { makeOrg, makeUser } from "./tenders-fixtures";

/**
 * The buyer's representatives on the committee (招标投标法 art. 37; 87号令 art. 47): named by the buyer's own
 * staff from their own staff accounts before the evaluation starts, at most ⌊experts / 2⌋ (rule
 * buyerRepresentatives), seated after the experts with kind BUYER_REPRESENTATIVE, the committee as a whole
 * checked by committeeComposition at the start; they take their seat with a code from their own session,
 * declare, score and sign like everyone; the report lists them with their kind. Every refusal changes nothing.
 */
const { db } = await useTestDb();
useQueuePrefix();

const code = async (p: Promise<unknown>) => p.then(() => "ok", (e: { code?: string; status?: number }) => `${e.status}:${e.code}`);

let s: OpenedLot;
let lotId = "";
let repA: Actor & { phone: string };
let repB: Actor & { phone: string };
const reps = async () => db.buyerRepresentative.findMany({ where: { lotId }, orderBy: { namedAt: "asc" } });

beforeAll(async () => {
  // Four drawn experts; the draw leaves one seat for a representative (committee of 5).
  s = await openedLotForTest(db, { profile: "CONSTRUCTION", members: 4, representatives: 1 });
  lotId = s.lotId;
  repA = await makeBuyerStaff(db, s.buyerOrgId, "采购科 王代表");
  repB = await makeBuyerStaff(db, s.buyerOrgId, "财务科 李代表");
});

describe("naming the buyer's representatives", () => {
  it("only the buyer's own staff name, only their own active staff accounts; each refusal changes nothing", async () => {
    const agentOrg = await makeOrg(db, "AGENT", "示范招标代理有限公司");
    const agentStaff = await makeUser(db, agentOrg.id, "STAFF", "代理人");
    await db.project.update({ where: { id: s.projectId }, data: { agentOrgId: agentOrg.id } });
    const otherBuyer = await makeOrg(db, "BUYER", "另一采购单位");
    const otherBuyerStaff = await makeBuyerStaff(db, otherBuyer.id, "外单位人员");
    const inactive = await makeBuyerStaff(db, s.buyerOrgId, "已离职人员");
    await db.user.update({ where: { id: inactive.userId! }, data: { status: "DISABLED" } });

    // Who names: the centre's staff, the agent's staff, a supervisor, a bidder — refused.
    expect(await code(nameBuyerRepresentative(s.staff, { lotId, userId: repA.userId }, db))).toBe("403:evaluation:errors.repsBuyerOnly");
    expect(await code(nameBuyerRepresentative(agentStaff, { lotId, userId: repA.userId }, db))).toBe("403:evaluation:errors.repsBuyerOnly");
    expect(await code(nameBuyerRepresentative(s.supervisor, { lotId, userId: repA.userId }, db))).toBe("403:evaluation:errors.repsBuyerOnly");
    expect(await code(nameBuyerRepresentative(s.bidders[0]!.actor, { lotId, userId: repA.userId }, db))).toBe("403:evaluation:errors.repsBuyerOnly");
    expect(await code(nameBuyerRepresentative(otherBuyerStaff, { lotId, userId: repA.userId }, db))).toBe("403:tenders:errors.notYourTender");
    // Whom: another organisation's staff, a bidder, a disabled account, an unknown id — refused.
    for (const u of [otherBuyerStaff.userId, s.bidders[0]!.actor.userId, agentStaff.userId, inactive.userId, "00000000-0000-4000-8000-000000000000"]) {
      expect(await code(nameBuyerRepresentative(s.buyerStaff, { lotId, userId: u }, db))).toBe("422:evaluation:errors.repNotOwnStaff");
    }
    expect(await code(nameBuyerRepresentative(s.buyerStaff, { lotId, userId: "nope" }, db))).toBe("400:bids:errors.invalidRequest");
    expect(await reps()).toHaveLength(0);
    expect(await db.auditEntry.count({ where: { entityId: lotId, action: "evaluation.representative_named" } })).toBe(0);
  });

  it("not before the expert draw: the experts' number sets the share", async () => {
    await db.draw.updateMany({ where: { lotId }, data: { status: "CANCELLED" } });
    expect(await code(nameBuyerRepresentative(s.buyerStaff, { lotId, userId: repA.userId }, db))).toBe("409:evaluation:errors.repsDrawFirst");
    expect((await getBuyerRepresentatives(s.buyerStaff, { lotId }, db)).canName).toBe(false);
    await db.draw.updateMany({ where: { lotId }, data: { status: "DRAWN" } });
    expect(await reps()).toHaveLength(0);
  });

  it("names up to ⌊experts / 2⌋ (experts ≥ 2/3); the same person twice and one too many are refused", async () => {
    const r = await nameBuyerRepresentative(s.buyerStaff, { lotId, userId: repA.userId }, db);
    expect(r.name).toBe("采购科 王代表");
    expect(await code(nameBuyerRepresentative(s.buyerStaff, { lotId, userId: repA.userId }, db))).toBe("409:evaluation:errors.repAlreadyNamed");
    // 4 experts: at most 2 representatives.
    await nameBuyerRepresentative(s.buyerStaff, { lotId, userId: repB.userId }, db);
    const third = await makeBuyerStaff(db, s.buyerOrgId, "第三人");
    const err = (await nameBuyerRepresentative(s.buyerStaff, { lotId, userId: third.userId }, db).catch((e: unknown) => e)) as { code: string; status: number; params: Record<string, unknown> };
    expect(err).toMatchObject({ code: "rules:violations.buyerRepresentatives", status: 422 });
    expect(err.params).toMatchObject({ max: 2, named: 3, experts: 4, articleZh: "招标投标法第三十七条" });
    expect((await reps()).map((x) => x.userId)).toEqual([repA.userId, repB.userId]);
    expect(await db.auditEntry.count({ where: { entityId: lotId, action: "evaluation.representative_named" } })).toBe(2);
  });

  it("names are the buyer's and the supervisors' to see; the centre's staff see the count", async () => {
    const own = await getBuyerRepresentatives(s.buyerStaff, { lotId }, db);
    expect(own).toMatchObject({ canName: true, experts: 4, max: 2, count: 2 });
    expect(own.named!.map((x) => x.name)).toEqual(["采购科 王代表", "财务科 李代表"]);
    expect(own.candidates.map((c) => c.userId)).not.toContain(repA.userId);
    const centre = await getBuyerRepresentatives(s.staff, { lotId }, db);
    expect(centre).toMatchObject({ canName: false, count: 2, named: null, candidates: [] });
    expect(JSON.stringify(centre)).not.toContain("王代表");
    expect((await getBuyerRepresentatives(s.supervisor, { lotId }, db)).named).toHaveLength(2);
    expect(await code(getBuyerRepresentatives(s.bidders[0]!.actor, { lotId }, db))).toBe("403:common:errors.forbidden");
  });

  it("the whole committee is checked at the start: 4 experts + 2 representatives is even — refused, nothing started", async () => {
    const err = (await startEvaluation(s.staff, { lotId }, db).catch((e: unknown) => e)) as { code: string; params: Record<string, unknown> };
    expect(err.code).toBe("rules:violations.committeeComposition");
    expect(err.params.context).toBe("CONSTRUCTION_even");
    expect(await db.evaluationSession.count({ where: { lotId } })).toBe(0);
    // The buyer removes one (audited); the start then seats 4 experts and the representative on seat 5.
    expect(await code(removeBuyerRepresentative(s.staff, { lotId, userId: repB.userId }, db))).toBe("403:evaluation:errors.repsBuyerOnly");
    await removeBuyerRepresentative(s.buyerStaff, { lotId, userId: repB.userId }, db);
    expect(await code(removeBuyerRepresentative(s.buyerStaff, { lotId, userId: repB.userId }, db))).toBe("404:evaluation:errors.repNotNamed");
    expect(await db.auditEntry.count({ where: { entityId: lotId, action: "evaluation.representative_removed" } })).toBe(1);
    const started = await startEvaluation(s.staff, { lotId }, db);
    const members = await db.evaluationMember.findMany({ where: { sessionId: started.sessionId }, orderBy: { seat: "asc" } });
    expect(members.map((m) => m.kind)).toEqual(["EXPERT", "EXPERT", "EXPERT", "EXPERT", "BUYER_REPRESENTATIVE"]);
    expect(members[4]).toMatchObject({ seat: 5, userId: repA.userId, name: "采购科 王代表", expertId: null, drawMemberId: null });
    // The representative is told to sign in, at their account's phone.
    expect(await db.notificationDelivery.count({ where: { address: repA.phone, template: "evaluation:notify.signInRepresentative" } })).toBe(1);
    expect(await db.notificationDelivery.count({ where: { address: repA.phone, template: "evaluation:notify.signIn" } })).toBe(0);
  });

  it("after the start the list is closed", async () => {
    expect(await code(nameBuyerRepresentative(s.buyerStaff, { lotId, userId: repB.userId }, db))).toBe("409:evaluation:errors.repsAfterStart");
    expect(await code(removeBuyerRepresentative(s.buyerStaff, { lotId, userId: repA.userId }, db))).toBe("409:evaluation:errors.repsAfterStart");
    expect((await getBuyerRepresentatives(s.buyerStaff, { lotId }, db)).canName).toBe(false);
    expect(await reps()).toHaveLength(1);
  });
});

describe("the representative on the committee", () => {
  it("a code alone never opens the staff account: the phone sign-in ignores the representative's seat", async () => {
    const anon: Actor = { userId: null, role: "PUBLIC", orgId: null, ip: "10.7.7.7", userAgent: "t" };
    await requestSignInCode(anon, { phone: repA.phone }, db);
    expect(await db.notificationDelivery.count({ where: { address: repA.phone, template: "evaluation:notify.signInCode" } })).toBe(0);
    expect(await code(signInWithCode(anon, { phone: repA.phone, code: "123456" }, db))).toBe("422:evaluation:errors.badCode");
  });

  it("takes the seat from their own session with a code to their phone; before that the workspace refuses", async () => {
    expect(await code(getEvaluationWorkspace(repA, { lotId }, db))).toBe("403:evaluation:errors.signInFirst");
    // Not a representative's seat: 404 for anyone else.
    expect(await code(getRepresentativeSeat(repB, { lotId }, db))).toBe("404:evaluation:errors.notFound");
    expect(await code(requestRepresentativeSeatCode(s.buyerStaff, { lotId }, db))).toBe("404:evaluation:errors.notFound");
    expect(await getRepresentativeSeat(repA, { lotId }, db)).toMatchObject({ seat: 5, signedIn: false, phoneHint: `${repA.phone.slice(0, 3)}****${repA.phone.slice(-4)}` });
    await requestRepresentativeSeatCode(repA, { lotId }, db);
    expect(await code(signInToRepresentativeSeat(repA, { lotId, code: "000000" }, db))).toBe("422:evaluation:errors.badCode");
    await signInToRepresentativeSeat(repA, { lotId, code: await lastCodeSentTo(db, repA.phone) }, db);
    expect(await db.auditEntry.count({ where: { action: "evaluation.member_signed_in", actorId: repA.userId, actorRole: "STAFF" } })).toBe(1);
    const ws = await getEvaluationWorkspace(repA, { lotId }, db);
    expect(ws.me.seat).toBe(5);
  });

  it("declares, scores and signs like every member; the report lists them as 招标人代表; staff progress shows the kind, no name", async () => {
    // The fixture drives every member the same way (回避声明, 否决 votes, sheet, signature), the representative too.
    const outcome = await evaluateLotForTest(db, s, { representatives: [repA] });
    const rep = outcome.committee.find((m) => m.kind === "BUYER_REPRESENTATIVE")!;
    expect(rep).toMatchObject({ name: "采购科 王代表", signature: "SIGNED" });
    const session = await db.evaluationSession.findUniqueOrThrow({ where: { lotId } });
    const sheets = await db.scoreSheet.findMany({ where: { sessionId: session.id, status: "SUBMITTED" } });
    expect(sheets).toHaveLength(5);
    const repMember = await db.evaluationMember.findFirstOrThrow({ where: { sessionId: session.id, kind: "BUYER_REPRESENTATIVE" } });
    expect(sheets.map((x) => x.memberId)).toContain(repMember.id);
    expect(repMember.conflict).toBe(false);

    const doc = await db.document.findUniqueOrThrow({ where: { id: session.reportDocumentId! } });
    const chunks: Buffer[] = [];
    for await (const c of getStorage().get(doc.storageKey)) chunks.push(c as Buffer);
    const dir = mkdtempSync(path.join(tmpdir(), "reps-report-"));
    writeFileSync(path.join(dir, "r.pdf"), Buffer.concat(chunks));
    const text = execFileSync("pdftotext", ["-layout", path.join(dir, "r.pdf"), "-"]).toString().replace(/\s+/g, " ");
    expect(text).toMatch(/委员 5 采购科 王代表 招标人代表/);

    const progress = await getEvaluationProgress(s.staff, { lotId }, db);
    expect(progress.members.map((m) => m.kind)).toContain("BUYER_REPRESENTATIVE");
    expect(JSON.stringify(progress)).not.toContain("王代表");
  });
});
