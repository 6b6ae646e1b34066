import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "~/domain/actor";
import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import { answerClarification } from "~/domain/evaluation/answer-clarification";
import { askClarification } from "~/domain/evaluation/ask-clarification";
import { beginScoring } from "~/domain/evaluation/begin-scoring";
import { declareConflict } from "~/domain/evaluation/declare-conflict";
import { proposeRejection, voteRejection } from "~/domain/evaluation/decide-rejection";
import { electChair } from "~/domain/evaluation/elect-chair";
import { generateEvaluationReport } from "~/domain/evaluation/generate-evaluation-report";
import { getEvaluationOutcome } from "~/domain/evaluation/get-evaluation-outcome";
import { getEvaluationProgress } from "~/domain/evaluation/get-evaluation-progress";
import { getEvaluationWorkspace } from "~/domain/evaluation/get-evaluation-workspace";
import { listMyClarifications } from "~/domain/evaluation/list-my-clarifications";
import { requestMoreTime } from "~/domain/evaluation/request-more-time";
import { saveScoreDraft } from "~/domain/evaluation/save-score-draft";
import { requestSigningCode, signEvaluationReport } from "~/domain/evaluation/sign-evaluation-report";
import { signInWithCode } from "~/domain/evaluation/sign-in-with-code";
import { startEvaluation } from "~/domain/evaluation/start-evaluation";
import { reviseScoreSheet, submitScoreSheet } from "~/domain/evaluation/submit-score-sheet";
import { getStorage } from "~/lib/storage.server";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { evaluateLotForTest, lastCodeSentTo, openedLotForTest, settleReview, signInMember, type OpenedLot } from "./evaluation-fixtures";

const { db } = await useTestDb();
useQueuePrefix();

const code = async (p: Promise<unknown>) => p.then(() => "ok", (e: { code?: string; status?: number; field?: string }) => `${e.status}:${e.code}`);

describe("evaluation of a 工程 lot, comprehensive scoring, end to end through the domain", () => {
  let s: OpenedLot;
  const actors: Actor[] = [];
  let lotId = "";

  beforeAll(async () => {
    s = await openedLotForTest(db, { profile: "CONSTRUCTION" });
    lotId = s.lotId;
  });

  it("staff start it: committee from the confirmed draw, 清标 flags the price over the ceiling", async () => {
    expect(await code(startEvaluation(s.supervisor, { lotId }, db))).toBe("403:common:errors.forbidden");
    const r = await startEvaluation(s.staff, { lotId }, db);
    expect(r.created).toBe(true);
    expect((await startEvaluation(s.staff, { lotId }, db)).created).toBe(false);
    const bids = await db.evaluationBid.findMany({ where: { sessionId: r.sessionId }, orderBy: { ordinal: "asc" } });
    expect(bids.map((b) => b.flags)).toEqual([[], [], [], ["OVER_CEILING"], []]);
    expect(await db.rejectionProposal.count({ where: { sessionId: r.sessionId } })).toBe(1);
    expect(await db.evaluationMember.count({ where: { sessionId: r.sessionId } })).toBe(5);
  });

  it("members sign in with a code sent to their phone; a wrong code, or a stranger's phone, gets nothing", async () => {
    const anon: Actor = { userId: null, role: "PUBLIC", orgId: null, ip: "10.1.1.1", userAgent: "t" };
    expect(await code(signInWithCode(anon, { phone: s.experts[0]!.phone, code: "000000" }, db))).toBe("422:evaluation:errors.badCode");
    for (const e of s.experts.filter((x) => x.role === "MEMBER")) actors.push(await signInMember(db, e.phone));
    expect(actors.every((a) => a.role === "EXPERT")).toBe(true);
    const expert = await db.expert.findUniqueOrThrow({ where: { id: s.experts[0]!.expertId } });
    expect(expert.userId).toBe(actors[0]!.userId);
  });

  it("nothing before the declaration; a declared conflict voids the member and seats the next backup", async () => {
    expect(await code(saveScoreDraft(actors[0]!, { lotId, scores: {} }, db))).toBe("403:evaluation:errors.declareFirst");
    for (const a of actors.slice(0, 4)) await declareConflict(a, { lotId, conflict: false }, db);
    const r = await declareConflict(actors[4]!, { lotId, conflict: true, note: "本人与投标单位C存在近亲属关系" }, db);
    expect(r).toMatchObject({ conflict: true, replacement: { outcome: "BACKUP_SEATED", seat: 5 } });
    const backup = s.experts.find((e) => e.role === "BACKUP")!;
    expect((await db.drawMember.findUniqueOrThrow({ where: { id: s.experts[4]!.drawMemberId } })).status).toBe("AVOIDED");
    expect((await db.drawMember.findUniqueOrThrow({ where: { id: backup.drawMemberId } })).status).toBe("NOTIFIED");
    const b = await signInMember(db, backup.phone);
    expect((await db.drawMember.findUniqueOrThrow({ where: { id: backup.drawMemberId } })).status).toBe("CONFIRMED");
    expect(await code(getEvaluationWorkspace(actors[4]!, { lotId }, db).then((w) => (w.me.removed ? Promise.reject({ status: 403, code: "removed" }) : w)))).toBe("403:removed");
    // The member removed for a conflict (a tie to a bidder) must not learn who sits on the committee now,
    // least of all the backup drawn to replace them: the experts are secret until the result.
    const removedView = JSON.stringify(await getEvaluationWorkspace(actors[4]!, { lotId }, db));
    const backupName = (await db.expert.findUniqueOrThrow({ where: { id: backup.expertId } })).name;
    const seatedNames = (await db.expert.findMany({ where: { id: { in: s.experts.slice(0, 4).map((e) => e.expertId) } } })).map((e) => e.name);
    for (const name of [backupName, ...seatedNames]) expect(removedView).not.toContain(name);
    actors[4] = b;
    await declareConflict(b, { lotId, conflict: false }, db);
  });

  it("the committee elects its chair by majority and the review opens", async () => {
    const seat1 = await db.evaluationMember.findFirstOrThrow({ where: { userId: actors[0]!.userId!, status: "SEATED" } });
    for (const a of actors.slice(0, 2)) expect((await electChair(a, { lotId, candidateId: seat1.id }, db)).elected).toBe(false);
    expect((await electChair(actors[2]!, { lotId, candidateId: seat1.id }, db)).elected).toBe(true);
    expect((await db.evaluationSession.findUniqueOrThrow({ where: { lotId } })).stage).toBe("REVIEW");
  });

  it("否决 needs a ground; a majority rejects a bid, a dissenting vote needs its reason", async () => {
    const bid2 = await db.evaluationBid.findFirstOrThrow({ where: { session: { lotId }, ordinal: 2 } });
    expect(await code(proposeRejection(actors[1]!, { lotId, evaluationBidId: bid2.id, ground: "", reason: "未响应工期" }, db))).toBe("422:evaluation:errors.groundRequired");
    const p = await proposeRejection(actors[1]!, { lotId, evaluationBidId: bid2.id, ground: "art51.substantiveResponse", reason: "工期 400 日历天，超过招标文件要求的 365 日历天" }, db);
    expect(await code(voteRejection(actors[2]!, { lotId, proposalId: p.proposalId, agree: false }, db))).toBe("422:evaluation:errors.dissentReasonRequired");
    await voteRejection(actors[2]!, { lotId, proposalId: p.proposalId, agree: false, note: "投标函附录工期为 365 天，正文笔误" }, db);
    await voteRejection(actors[0]!, { lotId, proposalId: p.proposalId, agree: true }, db);
    const r = await voteRejection(actors[3]!, { lotId, proposalId: p.proposalId, agree: true }, db);
    expect(r).toMatchObject({ decided: true, adopted: true, yes: 3, no: 1 });
    await settleReview(db, lotId, actors, s.bidders);
    expect(await code(beginScoring(actors[1]!, { lotId }, db))).toBe("403:evaluation:errors.chairOnly");
    await beginScoring(actors[0]!, { lotId }, db);
  });

  it("scores: bad cells are refused with their field and change nothing; drafts autosave; nobody sees another's sheet", async () => {
    const ws = await getEvaluationWorkspace(actors[0]!, { lotId }, db);
    expect(ws.validBidIds).toHaveLength(3);
    const rejected = ws.bids.find((b) => b.status === "REJECTED")!;
    const [b1] = ws.validBidIds;
    const tech = ws.criteria.find((c) => c.name === "技术方案")!;
    const price = ws.criteria.find((c) => c.price)!;
    const bad = async (scores: Record<string, Record<string, string>>) => code(saveScoreDraft(actors[0]!, { lotId, scores }, db));
    expect(await bad({ [b1!]: { [tech.key]: "36" } })).toBe("422:evaluation:errors.outOfRange");
    expect(await bad({ [b1!]: { [tech.key]: "abc" } })).toBe("422:evaluation:errors.notANumber");
    expect(await bad({ [b1!]: { [tech.key]: "-1" } })).toBe("422:evaluation:errors.notANumber");
    expect(await bad({ [b1!]: { [price.key]: "30" } })).toBe("422:evaluation:errors.priceComputed");
    expect(await bad({ [rejected.id]: { [tech.key]: "30" } })).toBe("422:evaluation:errors.bidRejected");
    const stranger = { ...s.staff };
    expect(await code(saveScoreDraft(stranger, { lotId, scores: {} }, db))).toBe("404:evaluation:errors.notFound");
    expect((await db.scoreSheet.findUnique({ where: { memberId: ws.me.id } }))?.version ?? 0).toBe(0);
    const v1 = await saveScoreDraft(actors[0]!, { lotId, scores: { [b1!]: { [tech.key]: "30.5" } } }, db);
    expect(await code(saveScoreDraft(actors[0]!, { lotId, scores: { [b1!]: { [tech.key]: "31" } }, baseVersion: 0 }, db))).toBe("409:evaluation:errors.staleSheet");
    // Two saves at once: both apply, one after the other.
    await Promise.all([
      saveScoreDraft(actors[0]!, { lotId, scores: { [b1!]: { c3: "12" } } }, db),
      saveScoreDraft(actors[0]!, { lotId, scores: { [b1!]: { c4: "8" } } }, db),
    ]);
    const sheet = await db.scoreSheet.findUniqueOrThrow({ where: { memberId: ws.me.id } });
    expect(sheet.version).toBe(v1.version + 2);
    expect(sheet.scores).toMatchObject({ [b1!]: { [tech.key]: "30.5", c3: "12", c4: "8" } });
    const other = await getEvaluationWorkspace(actors[1]!, { lotId }, db);
    expect(other.sheet.scores).toEqual({});
    expect(other.results).toBeNull();
    expect(await code(submitScoreSheet(actors[0]!, { lotId }, db))).toBe("422:evaluation:errors.sheetIncomplete");
  });

  it("submitted sheets are sealed; a change needs a reason; the last one computes results and flags a deviation", async () => {
    const ws = await getEvaluationWorkspace(actors[0]!, { lotId }, db);
    const typed = ws.criteria.filter((c) => !c.price);
    for (const [i, a] of actors.entries()) {
      const scores: Record<string, Record<string, string>> = {};
      for (const b of ws.validBidIds) {
        // Seat 5 scores 技术方案 of every bid far below the others: a deviation.
        scores[b] = Object.fromEntries(typed.map((c) => [c.key, i === 4 && c.name === "技术方案" ? "5" : String(Math.round(c.max * 0.8))]));
      }
      await saveScoreDraft(a, { lotId, scores }, db);
      const r = await submitScoreSheet(a, { lotId }, db);
      expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(r.complete).toBe(i === 4);
      if (i === 0) {
        expect(await code(saveScoreDraft(a, { lotId, scores: {} }, db))).toBe("409:evaluation:errors.sheetSubmitted");
        expect(await code(reviseScoreSheet(a, { lotId, scores: { [ws.validBidIds[0]!]: { c2: "29" } }, reason: "" }, db))).toBe("400:bids:errors.invalidRequest");
        const rv = await reviseScoreSheet(a, { lotId, scores: { [ws.validBidIds[0]!]: { c2: "29" } }, reason: "复核：技术方案第3节计分有误" }, db);
        expect(rv.sha256).not.toBe(r.sha256);
      }
    }
    const session = await db.evaluationSession.findUniqueOrThrow({ where: { lotId } });
    expect(session.stage).toBe("SIGNING");
    const alerts = await db.alert.findMany({ where: { lotId, kind: "SCORING_DEVIATION" } });
    expect(alerts.length).toBe(3);
    expect(alerts[0]!.params).toMatchObject({ seat: 5, score: "5.00" });
    const audited = await db.auditEntry.count({ where: { action: "evaluation.sheet_submitted", entityType: "ScoreSheet" } });
    expect(audited).toBe(5);
  });

  it("more time: more than a third of the members asking extends the clock", async () => {
    const before = (await db.evaluationSession.findUniqueOrThrow({ where: { lotId } })).dueAt;
    expect((await requestMoreTime(actors[0]!, { lotId }, db)).extended).toBe(false);
    expect(await code(requestMoreTime(actors[0]!, { lotId }, db))).toBe("409:evaluation:errors.moreTimeAsked");
    const r = await requestMoreTime(actors[1]!, { lotId }, db);
    expect(r.extended).toBe(true);
    expect((await db.evaluationSession.findUniqueOrThrow({ where: { lotId } })).dueAt.getTime()).toBe(before.getTime() + 24 * 3_600_000);
  });

  it("the report PDF lists the ranking and every sheet hash; signatures bind to its hash; the last one freezes the outcome", async () => {
    const s0 = await db.evaluationSession.findUniqueOrThrow({ where: { lotId } });
    expect(await code(requestSigningCode(actors[0]!, { lotId }, db))).toBe("409:evaluation:errors.reportNotReady");
    const g = await generateEvaluationReport(systemActor("documents"), { sessionId: s0.id, resultsSha256: sha256Hex(canonicalJson(s0.results)) }, db);
    expect(g.outcome).toBe("CREATED");
    const s1 = await db.evaluationSession.findUniqueOrThrow({ where: { lotId } });
    const doc = await db.document.findUniqueOrThrow({ where: { id: s1.reportDocumentId! } });
    const chunks: Buffer[] = [];
    for await (const c of getStorage().get(doc.storageKey)) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    const dir = mkdtempSync(path.join(tmpdir(), "eval-report-"));
    writeFileSync(path.join(dir, "r.pdf"), bytes);
    const text = execFileSync("pdftotext", ["-layout", path.join(dir, "r.pdf"), "-"]).toString().replace(/\s+/g, " ");
    expect(text).toContain("八、经评审的投标人排序");
    for (const sh of await db.scoreSheet.findMany({ where: { sessionId: s1.id, status: "SUBMITTED" } })) expect(text).toContain(sh.sha256!);
    expect(text).toContain("第 1 名");
    expect(text).toContain("附二、评分偏离提示");

    for (const [i, a] of actors.entries()) {
      await requestSigningCode(a, { lotId }, db);
      const phone = i === 4 ? s.experts.find((e) => e.role === "BACKUP")!.phone : s.experts[i]!.phone;
      const c = await lastCodeSentTo(db, phone, "evaluation:notify.signingCode");
      if (i === 0) {
        expect(await code(signEvaluationReport(a, { lotId, reportSha256: "0".repeat(64), code: c }, db))).toBe("409:evaluation:errors.reportChanged");
        expect(await code(signEvaluationReport(a, { lotId, reportSha256: s1.reportSha256!, code: "000000" }, db))).toBe("422:evaluation:errors.badCode");
      }
      const dissent = i === 2 ? "本人对否决投标单位B的决定持不同意见：工期笔误不构成实质性不响应。" : undefined;
      const r = await signEvaluationReport(a, { lotId, reportSha256: s1.reportSha256!, code: c, dissent }, db);
      expect(r.complete).toBe(i === 4);
    }
    const outcome = (await getEvaluationOutcome(db, lotId))!;
    expect(outcome.reportSha256).toBe(doc.sha256);
    expect(outcome.ranking).toHaveLength(3);
    expect(outcome.rejected.map((r) => r.ground).sort()).toEqual(["art51.overCeilingOrBelowCost", "art51.substantiveResponse"]);
    expect(outcome.committee.map((m) => m.signature)).toEqual(["SIGNED", "SIGNED", "DISSENTED", "SIGNED", "SIGNED"]);
    expect(outcome.committee.filter((m) => m.isChair)).toHaveLength(1);
    expect((await db.lot.findUniqueOrThrow({ where: { id: lotId } })).status).toBe("EVALUATED");
  }, 120_000);

  it("staff see progress by seat without names; supervisors see names and the flags", async () => {
    const staff = await getEvaluationProgress(s.staff, { lotId }, db);
    expect(staff.members!.every((m) => m.name === null)).toBe(true);
    expect(JSON.stringify(staff)).not.toContain("评标专家");
    const sup = await getEvaluationProgress(s.supervisor, { lotId }, db);
    expect(sup.members!.filter((m) => m.status === "SEATED").every((m) => m.name)).toBe(true);
    expect(sup.deviations!.length).toBe(3);
  });
});

describe("政府采购 with the 87号令 price formula, through evaluateLotForTest", () => {
  it("reaches EVALUATED; price score = lowest valid ÷ price × weight; ties by lower price", async () => {
    const s = await openedLotForTest(db, { profile: "GOVERNMENT_PROCUREMENT", prices: [500_000_00n, 400_000_00n, 800_000_00n, 450_000_00n] });
    const outcome = await evaluateLotForTest(db, s, { dissentSeat: 3 });
    expect(outcome.method).toBe("COMPREHENSIVE");
    expect(outcome.ranking.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    const session = await db.evaluationSession.findUniqueOrThrow({ where: { lotId: s.lotId } });
    const results = session.results as { ranking: { ordinal: number; priceScoreX100: number }[] };
    const ps = Object.fromEntries(results.ranking.map((r) => [r.ordinal, r.priceScoreX100]));
    // 40 points × 400 000 / price: 32.00, 40.00, 20.00, 35.56 (四舍五入)
    expect(ps).toEqual({ 1: 3200, 2: 4000, 3: 2000, 4: 3556 });
    expect(outcome.committee.find((m) => m.signature === "DISSENTED")).toBeDefined();
    expect((await db.lot.findUniqueOrThrow({ where: { id: s.lotId } })).status).toBe("EVALUATED");
  }, 120_000);

  it("an abnormally low price gets a written clarification request the committee waits for", async () => {
    const s = await openedLotForTest(db, { profile: "GOVERNMENT_PROCUREMENT", prices: [800_000_00n, 820_000_00n, 790_000_00n, 400_000_00n] });
    await startEvaluation(s.staff, { lotId: s.lotId }, db);
    const c = await db.evaluationClarification.findMany({ where: { bidderOrgId: s.bidders[3]!.orgId } });
    expect(c).toHaveLength(1);
    expect(c[0]!.kind).toBe("ABNORMALLY_LOW");
    expect(await db.notification.count({ where: { userId: s.bidders[3]!.actor.userId! } })).toBe(1);
  });

  it("a member's written question reaches the asked bidder only, naming the lot; the answer reaches the committee only", async () => {
    const s = await openedLotForTest(db, { profile: "GOVERNMENT_PROCUREMENT" });
    const { lotId } = s;
    await startEvaluation(s.staff, { lotId }, db);
    const session = await db.evaluationSession.findUniqueOrThrow({ where: { lotId } });
    const seated = await db.evaluationMember.findMany({ where: { sessionId: session.id, status: "SEATED" }, orderBy: { seat: "asc" } });
    const phoneOf = new Map(s.experts.map((e) => [e.expertId, e.phone]));
    const members: Actor[] = [];
    for (const m of seated) members.push(await signInMember(db, phoneOf.get(m.expertId!)!));
    for (const a of members) await declareConflict(a, { lotId, conflict: false }, db);
    for (const a of members) if ((await electChair(a, { lotId, candidateId: seated[0]!.id }, db)).elected) break;
    const ws = await getEvaluationWorkspace(members[0]!, { lotId }, db);
    const asked = s.bidders[1]!;
    const other = s.bidders[0]!;
    const bid = ws.bids.find((b) => b.bidderName === asked.name)!;
    const question = "请书面说明贵单位投标文件中工期安排的依据。";
    const { clarificationId } = await askClarification(members[1]!, { lotId, evaluationBidId: bid.id, question }, db);

    const lot = await db.lot.findUniqueOrThrow({ where: { id: lotId }, include: { project: true } });
    const notice = await db.notification.findFirstOrThrow({ where: { userId: asked.actor.userId!, template: "evaluation:notify.clarificationRequested" } });
    expect((notice.params as { lot: string }).lot).toContain(lot.project.code);
    expect(await db.notification.count({ where: { userId: other.actor.userId!, template: "evaluation:notify.clarificationRequested", entityId: clarificationId } })).toBe(0);

    expect((await listMyClarifications(asked.actor, db)).map((c) => c.id)).toContain(clarificationId);
    expect((await listMyClarifications(other.actor, db)).map((c) => c.id)).not.toContain(clarificationId);
    expect(await code(answerClarification(other.actor, { clarificationId, answer: "冒名答复" }, db))).toBe("404:evaluation:errors.clarificationNotFound");
    const answer = `工期依据类似项目经验编制-${clarificationId.slice(0, 8)}`;
    await answerClarification(asked.actor, { clarificationId, answer }, db);

    expect((await getEvaluationWorkspace(members[2]!, { lotId }, db)).clarifications.find((c) => c.id === clarificationId)?.answer).toBe(answer);
    expect(JSON.stringify(await getEvaluationProgress(s.staff, { lotId }, db))).not.toContain(answer);
    expect(JSON.stringify(await listMyClarifications(other.actor, db))).not.toContain(answer);
  }, 120_000);

  it("lowest evaluated price: ranking by price plus the members' mean adjustment", async () => {
    const s = await openedLotForTest(db, { profile: "CONSTRUCTION", method: "LOWEST_PRICE", prices: [800_000_00n, 810_000_00n, 805_000_00n] });
    const outcome = await evaluateLotForTest(db, s);
    expect(outcome.method).toBe("LOWEST_PRICE");
    expect(outcome.ranking[0]!.evaluatedPriceFen).not.toBeNull();
    expect(outcome.ranking.map((r) => r.bidPriceFen)).toEqual(["80000000", "80500000", "81000000"]);
  }, 120_000);
});
