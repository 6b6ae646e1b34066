import { beforeAll } from "vitest";
import { systemActor } from "~/domain/actor";
import type { EvaluationOutcome } from "~/domain/evaluation/evaluation-outcome";
import { saveEvaluationOutcome } from "~/domain/evaluation/save-evaluation-outcome";
import { transitionLot } from "~/domain/tenders/lot-lifecycle";
import type { ProcurementType } from "~/generated/prisma/enums";
import type { Db } from "~/lib/db.server";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { useTempStorage } from "./bids-fixtures";
import { setupHall } from "./opening-fixtures";

/**
 * An EVALUATED lot for the award tests: an opened lot (setupHall: sealed bids, the hall opened by the
 * deadline engine), each bid with a cash bond, the evaluation started and its outcome frozen through
 * saveEvaluationOutcome — the same function the evaluation area calls when the report is signed. The last
 * bidder is rejected (over the ceiling), the others ranked by price.
 */
export async function setupEvaluatedLot(db: Db, opts: { profile?: ProcurementType; prices?: bigint[] } = {}) {
  const prices = opts.prices ?? [880_000_00n, 900_000_00n, 920_000_00n, 990_000_00n];
  const h = await setupHall(db, prices);
  if (opts.profile) await db.project.update({ where: { id: h.lot.projectId }, data: { procurementType: opts.profile } });
  for (const [i, b] of h.bidders.entries()) {
    await db.bidBond.create({
      data: { bidId: b.bidId, method: i === 1 ? "BANK_GUARANTEE" : "ACCOUNT_TRANSFER", payerAccount: `62220${i}00001`, guaranteeNo: i === 1 ? "BH-001" : null, amountFen: 10_000_00n },
    });
  }
  const names = new Map((await db.organisation.findMany({ where: { id: { in: h.bidders.map((b) => b.orgId) } } })).map((o) => [o.id, o.name]));
  const ranked = h.bidders.slice(0, -1);
  const rejected = h.bidders[h.bidders.length - 1]!;
  const outcome: EvaluationOutcome = {
    lotId: h.lot.id,
    method: "COMPREHENSIVE",
    ranking: ranked.map((b, i) => ({
      bidId: b.bidId,
      bidderOrgId: b.orgId,
      bidderName: names.get(b.orgId)!,
      rank: i + 1,
      bidPriceFen: String(prices[i]),
      totalScore: (92.5 - i * 3.25).toFixed(2),
      evaluatedPriceFen: null,
    })),
    rejected: [
      { bidId: rejected.bidId, bidderOrgId: rejected.orgId, bidderName: names.get(rejected.orgId)!, ground: "art51.overCeiling", reason: "投标报价高于最高投标限价（实施条例第五十一条第五项）" },
    ],
    committee: [
      { name: "张评委", kind: "EXPERT", isChair: true, signature: "SIGNED", dissent: null },
      { name: "李评委", kind: "EXPERT", isChair: false, signature: "SIGNED", dissent: null },
      { name: "王评委", kind: "EXPERT", isChair: false, signature: "DISSENTED", dissent: "对技术分有不同意见" },
      { name: "赵评委", kind: "EXPERT", isChair: false, signature: "SIGNED", dissent: null },
      { name: "招标人代表", kind: "BUYER_REPRESENTATIVE", isChair: false, signature: "SIGNED", dissent: null },
    ],
    reportDocumentId: null,
    reportSha256: "a".repeat(64),
    tieBreakRule: "lower price first (财政部87号令第五十五条)",
    completedAt: new Date().toISOString(),
  };
  await db.$transaction(async (tx) => {
    await transitionLot(tx, systemActor("test"), h.lot.id, "start_evaluation", { expectedStatus: "OPENING" });
    await saveEvaluationOutcome(tx, systemActor("evaluation"), outcome);
  });
  return { ...h, outcome, ranked, rejectedBidder: rejected };
}

export type EvaluatedLot = Awaited<ReturnType<typeof setupEvaluatedLot>>;

/**
 * An award test file's world: its database, queue prefix and storage, and the EVALUATED lot (`h` is filled in
 * by beforeAll: read it inside tests); `status()` reads the lot's status now.
 */
export async function useEvaluatedLot(opts: Parameters<typeof setupEvaluatedLot>[1] = {}) {
  const { db } = await useTestDb();
  useQueuePrefix();
  useTempStorage();
  const h = {} as EvaluatedLot;
  beforeAll(async () => {
    Object.assign(h, await setupEvaluatedLot(db, opts));
  });
  const status = async () => (await db.lot.findUniqueOrThrow({ where: { id: h.lot.id } })).status;
  return { db, h, status };
}
