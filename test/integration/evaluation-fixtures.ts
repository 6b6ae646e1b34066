import { randomBytes, randomUUID } from "node:crypto";
import { systemActor, type Actor } from "~/domain/actor";
import { newExpertCode } from "~/domain/experts/expert-code";
import { sealSecret, secretHmac } from "~/domain/experts/secret-box";
import { beginScoring } from "~/domain/evaluation/begin-scoring";
import { answerClarification } from "~/domain/evaluation/answer-clarification";
import { declareConflict } from "~/domain/evaluation/declare-conflict";
import { proposeRejection, voteRejection } from "~/domain/evaluation/decide-rejection";
import { electChair } from "~/domain/evaluation/elect-chair";
import type { EvaluationOutcome } from "~/domain/evaluation/evaluation-outcome";
import { generateEvaluationReport } from "~/domain/evaluation/generate-evaluation-report";
import { getEvaluationOutcome } from "~/domain/evaluation/get-evaluation-outcome";
import { getEvaluationWorkspace } from "~/domain/evaluation/get-evaluation-workspace";
import { requestSignInCode } from "~/domain/evaluation/request-sign-in-code";
import { requestRepresentativeSeatCode, signInToRepresentativeSeat } from "~/domain/evaluation/representative-seat-sign-in";
import { saveScoreDraft } from "~/domain/evaluation/save-score-draft";
import { requestSigningCode, signEvaluationReport } from "~/domain/evaluation/sign-evaluation-report";
import { signInWithCode } from "~/domain/evaluation/sign-in-with-code";
import { startEvaluation } from "~/domain/evaluation/start-evaluation";
import { submitScoreSheet } from "~/domain/evaluation/submit-score-sheet";
import type { ProcurementType } from "~/generated/prisma/enums";
import type { Db } from "~/lib/db.server";
import { makeOrg, makeUser } from "./tenders-fixtures";

/**
 * Evaluation fixtures (issue 12), usable by any integration test that needs a lot past evaluation:
 *
 *   const scene = await openedLotForTest(db, { profile: "GOVERNMENT_PROCUREMENT" });   // lot in EVALUATION
 *   const outcome = await evaluateLotForTest(db, scene);                               // → EVALUATED
 *
 * `openedLotForTest` inserts what the opening and the draw leave behind (a CLOSED hall with DECRYPTED
 * bids and read-out prices; an INITIAL draw whose members confirmed, with backups on standby); everything
 * after that goes through the real evaluation domain: start, code sign-in, declarations, chair, 否决 votes,
 * clarification answers, scoring, report (rendered inline instead of by the worker), signatures.
 */
export interface OpenedLot {
  lotId: string;
  projectId: string;
  profile: ProcurementType;
  staff: Actor;
  supervisor: Actor;
  buyerOrgId: string;
  /** Staff of the buyer organisation (the project's author): names the buyer's representatives. */
  buyerStaff: Actor;
  bidders: { orgId: string; actor: Actor; bidId: string; priceFen: bigint; name: string }[];
  experts: { expertId: string; phone: string; drawMemberId: string; role: "MEMBER" | "BACKUP" }[];
}

let seq = 0;

export async function openedLotForTest(
  db: Db,
  opts: {
    profile?: ProcurementType;
    method?: "COMPREHENSIVE" | "LOWEST_PRICE";
    /** Read-out prices in fen (default five bids, one over the 900 000.00 ceiling). */
    prices?: bigint[];
    criteria?: { name: string; weight: number }[];
    members?: number;
    backups?: number;
    /** Seats the draw leaves for the buyer's representatives (committee = members + this). */
    representatives?: number;
  } = {},
): Promise<OpenedLot> {
  const profile = opts.profile ?? "CONSTRUCTION";
  const method = opts.method ?? "COMPREHENSIVE";
  const prices = opts.prices ?? [850_000_00n, 820_000_00n, 880_000_00n, 950_000_00n, 800_000_00n];
  const criteria = method === "LOWEST_PRICE" ? [] : (opts.criteria ?? [{ name: "投标报价", weight: 40 }, { name: "技术方案", weight: 35 }, { name: "企业业绩", weight: 15 }, { name: "服务承诺", weight: 10 }]);
  const n = ++seq;
  const tag = randomBytes(4).toString("hex");
  const centre = (await db.organisation.findFirst({ where: { kind: "CENTRE" } })) ?? (await makeOrg(db, "CENTRE", "示范市公共资源交易中心"));
  const buyer = await makeOrg(db, "BUYER", `示范市采购单位${n}`);
  const staff = await makeUser(db, centre.id, "STAFF", "评标组织员");
  const author = await makeUser(db, buyer.id, "STAFF", "编制人");
  const supervisionOrg = await makeOrg(db, "SUPERVISION", `示范市监督局${n}`);
  const supervisor = await makeUser(db, supervisionOrg.id, "SUPERVISOR", "监督员");
  const now = Date.now();
  const project = await db.project.create({
    data: { code: `EV-${tag}`, title: `评标测试项目${n}`, procurementType: profile, buyerOrgId: buyer.id, region: "320500", createdById: author.userId! },
  });
  const lot = await db.lot.create({
    data: {
      projectId: project.id,
      lotNo: 1,
      title: "第一标段",
      estimatedPriceFen: 1_000_000_00n,
      ceilingPriceFen: 900_000_00n,
      bondFen: 10_000_00n,
      qualification: profile === "CONSTRUCTION" ? "市政公用工程施工总承包二级及以上资质；项目经理具有二级建造师证书" : "具有独立承担民事责任的能力；具有良好的商业信誉",
      evaluationMethod: method,
      criteria,
      status: "EVALUATION",
      docsAvailableFrom: new Date(now - 30 * 86_400_000),
      docsAvailableTo: new Date(now - 20 * 86_400_000),
      clarificationCutoff: new Date(now - 20 * 86_400_000),
      objectionCutoff: new Date(now - 20 * 86_400_000),
      bidDeadline: new Date(now - 3_600_000),
      authorId: author.userId!,
      publishedAt: new Date(now - 30 * 86_400_000),
    },
  });
  const session = await db.openingSession.create({
    data: { lotId: lot.id, state: "CLOSED", decryptionWindowMinutes: 30, openedAt: new Date(now - 3_600_000), readAt: new Date(now - 3_000_000), closedAt: new Date(now - 2_400_000), bidCount: prices.length },
  });
  const bidders: OpenedLot["bidders"] = [];
  for (const [i, price] of prices.entries()) {
    const name = `投标单位${String.fromCharCode(65 + i)}${n}有限公司`;
    const org = await makeOrg(db, "BIDDER", name);
    const actor = await makeUser(db, org.id, "BIDDER", `投标人${i + 1}`);
    const bidId = randomUUID();
    const fingerprint = randomBytes(32).toString("hex");
    await db.bidderKey.create({ data: { orgId: org.id, fingerprint, publicKeySpki: "AA==", createdById: actor.userId! } });
    await db.bid.create({
      data: {
        id: bidId, lotId: lot.id, bidderOrgId: org.id, submittedById: actor.userId!, uploadId: `up-${bidId}`, storageKey: `bids/${lot.id}/${bidId}`,
        size: 1024n, ciphertextSha256: "0".repeat(64), plaintextSha256: "1".repeat(64), keyFingerprint: fingerprint, submittedAt: new Date(now - 7_200_000 + i * 1000),
      },
    });
    await db.bidDecryption.create({ data: { sessionId: session.id, bidId, bidderOrgId: org.id, ordinal: i + 1, status: "DECRYPTED", decryptedAt: new Date(now - 3_000_000), totalPriceFen: price } });
    bidders.push({ orgId: org.id, actor, bidId, priceFen: price, name });
  }
  const members = opts.members ?? 5;
  const backups = opts.backups ?? 2;
  const draw = await db.draw.create({
    data: {
      lotId: lot.id, buyerOrgId: buyer.id, seq: 1, status: "DRAWN", committeeMembers: members + (opts.representatives ?? 0), evaluationAt: new Date(now), evaluationPlace: "评标室 305",
      responseMinutes: 60, serverSeedEnc: "x", commitment: "0".repeat(64), requestedById: staff.userId!, drawnAt: new Date(now - 86_400_000),
    },
  });
  const experts: OpenedLot["experts"] = [];
  for (let i = 0; i < members + backups; i++) {
    const idn = `${tag}-${i}-${randomBytes(4).toString("hex")}`;
    const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const e = await db.expert.create({
      data: {
        code: newExpertCode(), name: `评标专家${n}-${i + 1}`, idNumberEnc: sealSecret("expert-id-number", idn), idNumberMasked: "110***********0000",
        idNumberHmac: secretHmac("expert-id-number", idn), phone, email: `e${tag}${i}@experts.test`, employerOrgName: "某设计院",
        employerCreditCode: randomBytes(9).toString("hex").toUpperCase(), title: "高级工程师",
      },
    });
    const role = i < members ? ("MEMBER" as const) : ("BACKUP" as const);
    const dm = await db.drawMember.create({
      data: { drawId: draw.id, expertId: e.id, expertCode: e.code, specialtyCode: "A0201", role, rank: i, status: role === "MEMBER" ? "CONFIRMED" : "STANDBY", respondedAt: role === "MEMBER" ? new Date(now - 80_000_000) : null },
    });
    experts.push({ expertId: e.id, phone, drawMemberId: dm.id, role });
  }
  return { lotId: lot.id, projectId: project.id, profile, staff, supervisor, buyerOrgId: buyer.id, buyerStaff: author, bidders, experts };
}

/** A staff account of the buyer organisation with a phone (a representative-to-be); returns its actor and phone. */
export async function makeBuyerStaff(db: Db, buyerOrgId: string, name: string): Promise<Actor & { phone: string }> {
  const actor = await makeUser(db, buyerOrgId, "STAFF", name);
  const phone = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  await db.user.update({ where: { id: actor.userId! }, data: { phone } });
  return { ...actor, phone };
}

/** The code last sent to `phone` for `template` (read from the delivery row, as the SMS gateway would). */
export async function lastCodeSentTo(db: Db, phone: string, template = "evaluation:notify.signInCode"): Promise<string> {
  const d = await db.notificationDelivery.findFirst({ where: { address: phone, template, channel: "SMS" }, orderBy: { createdAt: "desc" } });
  const code = (d?.params as { code?: string } | undefined)?.code;
  if (!code) throw new Error(`no ${template} sent to ${phone}`);
  return code;
}

/** Signs a member in with a code to their phone; returns their actor. */
export async function signInMember(db: Db, phone: string): Promise<Actor> {
  const anon: Actor = { userId: null, role: "PUBLIC", orgId: null, ip: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`, userAgent: "vitest" };
  await requestSignInCode(anon, { phone }, db);
  const { userId } = await signInWithCode(anon, { phone, code: await lastCodeSentTo(db, phone) }, db);
  const u = await db.user.findUniqueOrThrow({ where: { id: userId } });
  return { userId, role: u.role, orgId: u.orgId, ip: anon.ip, userAgent: "vitest" };
}

/**
 * Drives an opened lot (openedLotForTest, or a real opening with a confirmed draw) to EVALUATED through the
 * evaluation domain. Every seated member signs in, declares no conflict, seat 1 is elected chair; the
 * system's 否决 proposals (over the ceiling) are adopted, clarifications answered; members score every
 * valid bid (seat-dependent but close, so nothing deviates) and sign; `dissentSeat` signs with a dissent.
 */
export async function evaluateLotForTest(
  db: Db,
  scene: Pick<OpenedLot, "lotId" | "staff" | "bidders" | "experts">,
  opts: { dissentSeat?: number; rejectOrdinal?: number; representatives?: (Actor & { phone: string })[] } = {},
): Promise<EvaluationOutcome> {
  const { lotId } = scene;
  await startEvaluation(scene.staff, { lotId }, db);
  const session = await db.evaluationSession.findUniqueOrThrow({ where: { lotId } });
  const seated = await db.evaluationMember.findMany({ where: { sessionId: session.id, status: "SEATED" }, orderBy: { seat: "asc" } });
  // Experts by their pool entry; the buyer's representatives by their account.
  const phoneOf = new Map<string, string>([...scene.experts.map((e) => [e.expertId, e.phone] as const), ...(opts.representatives ?? []).map((r) => [r.userId!, r.phone] as const)]);
  const keyOf = (m: { expertId: string | null; userId: string | null }) => m.expertId ?? m.userId!;
  const actors: Actor[] = [];
  for (const m of seated) {
    const rep = opts.representatives?.find((r) => r.userId === m.userId && m.kind === "BUYER_REPRESENTATIVE");
    if (rep) {
      await requestRepresentativeSeatCode(rep, { lotId }, db);
      await signInToRepresentativeSeat(rep, { lotId, code: await lastCodeSentTo(db, rep.phone) }, db);
      actors.push(rep);
    } else actors.push(await signInMember(db, phoneOf.get(keyOf(m))!));
  }
  for (const a of actors) await declareConflict(a, { lotId, conflict: false }, db);
  const chairId = seated[0]!.id;
  for (const a of actors) {
    const r = await electChair(a, { lotId, candidateId: chairId }, db);
    if (r.elected) break;
  }
  await settleReview(db, lotId, actors, scene.bidders, opts.rejectOrdinal);
  await beginScoring(actors[0]!, { lotId }, db);
  const ws = await getEvaluationWorkspace(actors[0]!, { lotId }, db);
  for (const [i, a] of actors.entries()) {
    const scores: Record<string, Record<string, string>> = {};
    for (const bidId of ws.validBidIds) {
      const bid = ws.bids.find((b) => b.id === bidId)!;
      scores[bidId] = Object.fromEntries(
        ws.criteria.filter((c) => !c.price).map((c) => [c.key, ws.method === "LOWEST_PRICE" ? String((i % 3) * 100) : ((c.max * (70 + ((bid.ordinal * 7 + i) % 20))) / 100).toFixed(2)]),
      );
    }
    await saveScoreDraft(a, { lotId, scores }, db);
    await submitScoreSheet(a, { lotId }, db);
  }
  const s = await db.evaluationSession.findUniqueOrThrow({ where: { lotId } });
  const { canonicalJson, sha256Hex } = await import("~/domain/audit/canonical");
  await generateEvaluationReport(systemActor("documents"), { sessionId: s.id, resultsSha256: sha256Hex(canonicalJson(s.results)) }, db);
  const report = await db.evaluationSession.findUniqueOrThrow({ where: { lotId } });
  for (const [i, a] of actors.entries()) {
    await requestSigningCode(a, { lotId }, db);
    const phone = phoneOf.get(keyOf(seated[i]!))!;
    const code = await lastCodeSentTo(db, phone, "evaluation:notify.signingCode");
    const dissent = opts.dissentSeat === seated[i]!.seat ? "本人认为投标人技术方案评分普遍偏高，保留意见。" : undefined;
    await signEvaluationReport(a, { lotId, reportSha256: report.reportSha256!, code, dissent }, db);
  }
  const outcome = await getEvaluationOutcome(db, lotId);
  if (!outcome) throw new Error("evaluation did not complete");
  return outcome;
}

/** Adopts every open 否决 proposal (and one for `rejectOrdinal`), answers open clarifications as the bidder. */
export async function settleReview(db: Db, lotId: string, actors: Actor[], bidders: OpenedLot["bidders"], rejectOrdinal?: number) {
  const session = await db.evaluationSession.findUniqueOrThrow({ where: { lotId } });
  if (rejectOrdinal) {
    const bid = await db.evaluationBid.findFirstOrThrow({ where: { sessionId: session.id, ordinal: rejectOrdinal } });
    if (bid.status === "VALID" && !(await db.rejectionProposal.count({ where: { evaluationBidId: bid.id, adopted: null } }))) {
      await proposeRejection(actors[0]!, { lotId, evaluationBidId: bid.id, ground: session.profile === "CONSTRUCTION" ? "art51.substantiveResponse" : "order87.art63", reason: "投标文件未对工期要求作出实质性响应" }, db);
    }
  }
  for (const p of await db.rejectionProposal.findMany({ where: { sessionId: session.id, adopted: null } })) {
    for (const a of actors) {
      const cur = await db.rejectionProposal.findUniqueOrThrow({ where: { id: p.id } });
      if (cur.adopted !== null) break;
      const member = await db.evaluationMember.findFirstOrThrow({ where: { sessionId: session.id, userId: a.userId! } });
      if (await db.rejectionVote.count({ where: { proposalId: p.id, memberId: member.id } })) continue;
      await voteRejection(a, { lotId, proposalId: p.id, agree: true }, db);
    }
  }
  for (const c of await db.evaluationClarification.findMany({ where: { sessionId: session.id, answer: null } })) {
    const b = bidders.find((x) => x.orgId === c.bidderOrgId);
    if (b) await answerClarification(b.actor, { clarificationId: c.id, answer: "我单位报价已包含全部成本，附材料价格来源说明及类似项目结算书。" }, db);
  }
}
