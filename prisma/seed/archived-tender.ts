/**
 * One demo tender that went all the way, so a newcomer sees the end of the procedure on a fresh centre:
 * 中标候选人公示, 中标结果公告, 中标通知书, the contract, the bond refund register and the case archive (ARCHIVED,
 * with its retention date and a ZIP that verifies).
 *
 * The tender happened in the past (published about 75 days ago). What a seed cannot do through the domain —
 * bidders sealing in their browsers and the live opening hall — is inserted as the hall leaves it (sealed
 * envelopes stored as the bid area stores them, under keys retired afterwards, so each demo bidder still
 * registers its own first key; a CLOSED hall with the read-out prices), the way the integration fixtures
 * do. Everything else goes through the real domain functions with a clock walked through the past: the
 * lot's publication (rules checked at that instant), registrations, the lot lifecycle, the evaluation
 * outcome (saveEvaluationOutcome, what the signed report freezes), the candidates publicity ended by the
 * deadline engine, the award, the written report, the contract, each refund and the archive request.
 *
 * Worker steps run inline (ADR 0023): the announcement and notice PDFs are rendered and the archive ZIP is
 * built here, so the page is complete when `npm start` prints its logins; the jobs the domain enqueued
 * stay in the outbox and are no-ops for the worker (each generator is idempotent).
 *
 * Idempotent: does nothing once the project exists, nor on a centre with projects of its own.
 */
import { createHash, randomUUID } from "node:crypto";
import { systemActor, type Actor } from "~/domain/actor";
import { awardLot } from "~/domain/award/award-lot";
import { buildLotArchive } from "~/domain/award/build-lot-archive";
import { endPublicity } from "~/domain/award/end-publicity";
import { computeRefundInterest } from "~/domain/award/compute-refund-interest";
import { generateAwardNoticeDocument } from "~/domain/award/generate-award-notice-document";
import { publishCandidates } from "~/domain/award/publish-candidates";
import { recordBondRefund } from "~/domain/award/record-bond-refund";
import { recordContract } from "~/domain/award/record-contract";
import { requestLotArchive } from "~/domain/award/request-lot-archive";
import { submitAwardReport } from "~/domain/award/submit-award-report";
import { bidStorageKey } from "~/domain/bids/finalise-bid";
import { exportSpki, generateBidderKeyPair, publicKeyFingerprint, readAllBytes, readEnvelopeHeader, sealBid, toBase64, unwrapContentKey } from "~/domain/crypto";
import { drawParagraph, drawTitle } from "~/domain/documents/layout";
import { createPdf, finishPdf } from "~/domain/documents/pdf";
import type { EvaluationOutcome } from "~/domain/evaluation/evaluation-outcome";
import { saveEvaluationOutcome } from "~/domain/evaluation/save-evaluation-outcome";
import { addDays, shanghaiDate, type DateStr } from "~/domain/rules/dates";
import { nthWorkingDayAfter, workingDayOnOrAfter } from "~/domain/rules/working-days";
import { generateAnnouncementDocument } from "~/domain/tenders/generate-announcement-document";
import { transitionLot } from "~/domain/tenders/lot-lifecycle";
import { registerForLot } from "~/domain/tenders/register-for-lot";
import { loadTenderRules } from "~/domain/tenders/tender-rules";
import type { TransitionKind } from "~/generated/prisma/enums";
import type { Db, Tx } from "~/lib/db.server";
import { fenToYuanInput } from "~/lib/money";
import { getStorage } from "~/lib/storage.server";
import { WORKS_SCORING } from "./demo-data";
import { demoSchedule, demoLot, actorOf, orgId, DEMO_PROJECT_CODE } from "./tenders";

export const ARCHIVED_PROJECT_TITLE = "示范市城北污水处理厂配套管网工程";
const at = (date: DateStr, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

/** Bidders of the past tender: read-out price (fen); the fourth is over the ceiling and rejected. */
const BIDS: [username: string, priceFen: bigint][] = [
  ["bidder2", 27_860_000_00n],
  ["bidder1", 28_150_000_00n],
  ["bidder3", 28_420_000_00n],
  ["bidder4", 29_600_000_00n],
];
const CEILING_FEN = 29_200_000_00n;
const BOND_FEN = 500_000_00n;

async function contractPdf(title: string, winner: string, amount: string): Promise<Buffer> {
  const text = `${title}\n${winner}\n${amount}`;
  const digest = createHash("sha256").update(text).digest("hex");
  const doc = createPdf({ title: "施工合同", number: `DEMO-${digest.slice(0, 8).toUpperCase()}`, contentDigest: digest });
  drawTitle(doc, "建设工程施工合同", "Works contract", title);
  drawParagraph(doc, `发包人：示范市交通运输局　承包人：${winner}`);
  drawParagraph(doc, `签约合同价：人民币 ${amount} 元。合同的标的、价款、质量、履行期限等主要条款与招标文件和中标人的投标文件一致。`, { indent: true });
  drawParagraph(doc, "（演示数据：本文件由系统演示种子生成，仅供演示使用。）", { size: 9 });
  return finishPdf(doc);
}

/**
 * The deadline engine's rows of steps the seed took at their instants in the past: marked fired on time
 * (firing them today would record weeks of lateness the story never had).
 */
async function markFired(tx: Tx, lotId: string, kinds: TransitionKind[]) {
  const rows = await tx.scheduledTransition.findMany({ where: { lotId, kind: { in: kinds }, status: "PENDING" } });
  for (const r of rows) await tx.scheduledTransition.update({ where: { id: r.id }, data: { status: "DONE", firedAt: r.dueAt, latenessMs: 0, outcome: "APPLIED" } });
}

export async function seedArchivedTender(db: Db): Promise<{ projects: number; lots: number; bids: number; refunds: number; archives: number }> {
  const none = { projects: 0, lots: 0, bids: 0, refunds: 0, archives: 0 };
  if (await db.project.findFirst({ where: { title: ARCHIVED_PROJECT_TITLE }, select: { id: true } })) return none;
  // A centre with projects of its own (not the demo tenders') gets no demo history.
  const codes = await db.project.findMany({ select: { code: true } });
  if (codes.some((c) => !DEMO_PROJECT_CODE.test(c.code))) return none;

  const today = shanghaiDate(new Date());
  const { calendar: cal } = await loadTenderRules(db);
  const wd = (d: DateStr, n: number) => nthWorkingDayAfter(cal, d, n);
  const startDay = workingDayOnOrAfter(cal, addDays(today, -75));
  const publishedAt = at(startDay, "10:00");
  const schedule = demoSchedule(cal, publishedAt, "CONSTRUCTION");
  const deadline = schedule.bidDeadline as Date; // demoSchedule gives Dates (the input type is wider)
  const deadlineDay = shanghaiDate(deadline);
  const [staff1, staff2] = await Promise.all(["staff1", "staff2"].map((u) => actorOf(db, u)));
  const buyerOrgId = await orgId(db, "buyer");
  const agentOrgId = await orgId(db, "agent");

  // 1. Published in the past through the tenders domain (rules judged at that instant).
  const lot = await demoLot(db, {
    code: `JSGC-${startDay.slice(0, 4)}-0003`,
    title: ARCHIVED_PROJECT_TITLE,
    buyerOrgId,
    agentOrgId,
    now: publishedAt,
    terms: {
      title: "城北片区污水收集管网施工",
      description: "城北污水处理厂配套污水主干管约 8.6 公里（DN600–DN1200）、提升泵站 1 座及道路破除恢复。计划工期 365 日历天。",
      estimatedPriceFen: 29_800_000_00n,
      ceilingPriceFen: CEILING_FEN,
      bondFen: BOND_FEN,
      qualification: "市政公用工程施工总承包二级及以上资质，具有有效的安全生产许可证；拟派项目经理具有市政公用工程二级及以上注册建造师资格。",
      ...WORKS_SCORING,
      ...schedule,
    },
  });

  // 2. Registrations and sealed bids (before the deadline), each with its cash bond.
  const bidders: { orgId: string; actor: Actor; bidId: string; priceFen: bigint; name: string; contentKey: Uint8Array; plaintextSha256: string; submittedAt: Date }[] = [];
  for (const [i, [username, priceFen]] of BIDS.entries()) {
    const actor = await actorOf(db, username);
    await registerForLot(actor, { lotId: lot.id }, new Date(publishedAt.getTime() + (i + 1) * 3_600_000));
    const kp = await generateBidderKeyPair();
    const spki = await exportSpki(kp.publicKey);
    const fingerprint = await publicKeyFingerprint(spki);
    await db.bidderKey.create({
      data: { orgId: actor.orgId!, fingerprint, publicKeySpki: toBase64(spki), createdById: actor.userId!, createdAt: at(addDays(deadlineDay, -10), "10:00"), retiredAt: at(addDays(deadlineDay, 1), "09:00") },
    });
    const body = new TextEncoder().encode(`${username} 投标文件（演示）：技术标、商务标 ${"·".repeat(200)}`);
    const { stream, result } = sealBid({
      lotId: lot.id,
      recipientPublicKey: spki,
      priceSheet: { totalPriceFen: priceFen, durationDays: 360, fields: { 质量标准: "合格", 项目经理: "注册建造师" } },
      files: [{ name: "投标文件.txt", size: body.length, stream: () => new Blob([body]).stream() }],
      chunkSize: 4096,
    });
    const envelope = await readAllBytes(stream);
    const sealed = await result;
    const bidId = randomUUID();
    const stored = await getStorage().put(bidStorageKey(lot.id, bidId), Buffer.from(envelope));
    const submittedAt = at(addDays(deadlineDay, -3 + i), "15:00");
    await db.bid.create({
      data: {
        id: bidId, lotId: lot.id, bidderOrgId: actor.orgId!, submittedById: actor.userId!, uploadId: `seed-${bidId}`, storageKey: bidStorageKey(lot.id, bidId),
        size: BigInt(stored.size), ciphertextSha256: stored.sha256, plaintextSha256: sealed.plaintextSha256, keyFingerprint: fingerprint, submittedAt,
      },
    });
    await db.bidBond.create({ data: { bidId, method: "ACCOUNT_TRANSFER", payerAccount: `6222 0210 0101 00${i}1 23${i}`, payerBank: "中国工商银行示范分行", bankReference: `TX-DEMO-${i + 1}`, amountFen: BOND_FEN } });
    const contentKey = await unwrapContentKey(readEnvelopeHeader(envelope).header, kp.privateKey);
    const name = (await db.organisation.findUniqueOrThrow({ where: { id: actor.orgId! }, select: { name: true } })).name;
    bidders.push({ orgId: actor.orgId!, actor, bidId, priceFen, name, contentKey, plaintextSha256: sealed.plaintextSha256, submittedAt });
  }

  // 3. The deadline: bidding closes and the hall opens (lifecycle), the hall as it was left, closed.
  await db.$transaction(async (tx) => {
    await transitionLot(tx, systemActor("schedule"), lot.id, "close_bidding", { expectedStatus: "PUBLISHED" });
    await transitionLot(tx, systemActor("schedule"), lot.id, "open_hall", { expectedStatus: "BIDDING_CLOSED" });
    await markFired(tx, lot.id, ["CLOSE_DOCS", "CLOSE_BIDDING", "OPEN_HALL"]);
  });
  const minutes = (m: number) => new Date(deadline.getTime() + m * 60_000);
  const session = await db.openingSession.create({
    data: {
      lotId: lot.id, state: "CLOSED", hostUserId: staff1.userId, decryptionWindowMinutes: 30, openedAt: deadline, startedAt: minutes(2), decryptionEndsAt: minutes(32),
      readAt: minutes(20), confirmationEndsAt: minutes(31), closedAt: minutes(31), bidCount: bidders.length,
    },
  });
  // A major project (its ceiling): a supervisor attended the opening, as the hall records on sign-in.
  const supervisor = await actorOf(db, "supervisor1");
  await db.supervisorAttendance.create({ data: { lotId: lot.id, kind: "OPENING", refId: session.id, supervisorId: supervisor.userId!, at: minutes(1) } });
  for (const [i, b] of bidders.entries()) {
    await db.bidDecryption.create({
      data: {
        sessionId: session.id, bidId: b.bidId, bidderOrgId: b.orgId, ordinal: i + 1, status: "DECRYPTED", decryptedAt: minutes(5 + i), plaintextSha256: b.plaintextSha256,
        contentKey: Buffer.from(b.contentKey), totalPriceFen: b.priceFen, durationDays: 360,
      },
    });
  }

  // 4. Evaluation: the committee's frozen outcome (what signing the 评标报告 saves).
  const completedAt = at(wd(deadlineDay, 1), "16:00");
  const ranked = bidders.filter((b) => b.priceFen <= CEILING_FEN);
  const over = bidders.filter((b) => b.priceFen > CEILING_FEN);
  const experts = (await db.expert.findMany({ orderBy: { code: "asc" }, take: 4, select: { name: true } })).map((e) => e.name);
  const outcome: EvaluationOutcome = {
    lotId: lot.id,
    method: "COMPREHENSIVE",
    ranking: ranked.map((b, i) => ({
      bidId: b.bidId, bidderOrgId: b.orgId, bidderName: b.name, rank: i + 1, bidPriceFen: String(b.priceFen), totalScore: (93.6 - i * 2.85).toFixed(2), evaluatedPriceFen: null,
    })),
    rejected: over.map((b) => ({ bidId: b.bidId, bidderOrgId: b.orgId, bidderName: b.name, ground: "art51.overCeiling", reason: "投标报价高于最高投标限价（实施条例第五十一条第五项）" })),
    committee: [
      ...experts.map((name, i) => ({ name, kind: "EXPERT" as const, isChair: i === 0, signature: "SIGNED" as const, dissent: null })),
      { name: "黄志强", kind: "BUYER_REPRESENTATIVE" as const, isChair: false, signature: "SIGNED" as const, dissent: null },
    ],
    reportDocumentId: null,
    reportSha256: createHash("sha256").update(`demo evaluation report ${lot.id}`).digest("hex"),
    tieBreakRule: "得分相同的，投标报价低者优先",
    completedAt: completedAt.toISOString(),
  };
  await db.$transaction(async (tx) => {
    await transitionLot(tx, systemActor("seed"), lot.id, "start_evaluation", { expectedStatus: "OPENING" });
    await saveEvaluationOutcome(tx, systemActor("evaluation"), outcome);
  });

  // 5. 中标候选人公示 the next working day; the deadline engine ends it; the buyer awards the first-ranked.
  await publishCandidates(staff1, { lotId: lot.id }, at(wd(shanghaiDate(completedAt), 1), "10:00"));
  const publicity = await db.candidatesPublicity.findUniqueOrThrow({ where: { lotId: lot.id } });
  await db.$transaction(async (tx) => {
    await endPublicity(tx, lot.id, publicity.endsAt);
    await markFired(tx, lot.id, ["PUBLICITY_END"]);
  });
  const awardDay = wd(shanghaiDate(publicity.endsAt), 1);
  const awarded = await awardLot(staff1, { lotId: lot.id, winnerBidId: ranked[0]!.bidId }, at(awardDay, "10:00"));
  for (const n of awarded.notices) await generateAwardNoticeDocument(systemActor("seed"), { noticeId: n.id });

  // 6. Written report (工程, within 15 days), contract (within 30 days), refunds (within 5 days of it).
  await submitAwardReport(
    staff1,
    {
      lotId: lot.id,
      text: `${ARCHIVED_PROJECT_TITLE}招标投标情况书面报告：本项目依法公开招标，${bidders.length} 家投标，评标委员会推荐中标候选人并公示期满无异议，招标人确定排名第一的中标候选人${ranked[0]!.name}为中标人。`,
    },
    at(wd(awardDay, 6), "15:00"),
  );
  const signedOn = wd(awardDay, 12);
  const amountYuan = fenToYuanInput(ranked[0]!.priceFen);
  await recordContract(
    staff1,
    {
      lotId: lot.id, amountYuan, performanceBondYuan: fenToYuanInput(ranked[0]!.priceFen / 20n), signedOn, startsOn: wd(signedOn, 3), endsOn: addDays(wd(signedOn, 3), 364), changeReason: null,
      file: { name: "建设工程施工合同.pdf", bytes: await contractPdf(ARCHIVED_PROJECT_TITLE, ranked[0]!.name, amountYuan) },
    },
    at(signedOn, "16:00"),
  );
  const refundedOn = wd(signedOn, 3);
  const rows = await db.bondRefund.findMany({ where: { lotId: lot.id }, orderBy: { bidderName: "asc" } });
  for (const [i, r] of rows.entries()) {
    const interest = computeRefundInterest(r, bidders.find((b) => b.bidId === r.bidId)!.submittedAt, refundedOn);
    await recordBondRefund(staff2, { refundId: r.id, refundedOn, amountYuan: fenToYuanInput(r.bondFen + interest), reference: `YH-${refundedOn.replaceAll("-", "")}-${i + 1}` }, at(refundedOn, "14:00"));
  }

  // 7. Every PDF of the lot, then the case archive (the worker's steps, inline) → ARCHIVED.
  const pending = await db.announcement.findMany({ where: { lotId: lot.id, documentId: null }, select: { id: true } });
  for (const a of pending) await generateAnnouncementDocument(systemActor("seed"), { announcementId: a.id });
  await requestLotArchive(staff1, { lotId: lot.id });
  await buildLotArchive(lot.id);
  return { projects: 1, lots: 1, bids: bidders.length, refunds: rows.length, archives: 1 };
}
