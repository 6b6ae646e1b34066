import type { ProcurementType } from "~/generated/prisma/enums";
import type { Calendar } from "./calendar";

/** A rule profile is the tender's procurement type: 工程建设 or 政府采购. */
export type ProfileId = ProcurementType;
export const PROFILE_IDS = ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"] as const satisfies readonly ProfileId[];

/** A legal citation in both languages, e.g. { zh: "招标投标法第二十四条", en: "Tendering Law art. 24" }. */
export interface Article {
  zh: string;
  en: string;
}

export type ParamValue = number | string;
export type Params = Record<string, ParamValue>;

/**
 * How a centre may override a parameter: the defaults are the law's values, so an override may only be
 * stricter ("atLeast": a minimum period may grow; "atMost": a maximum may shrink) or not at all ("fixed");
 * "centre": a number the law leaves to the centre (e.g. the abnormally-low-price threshold), any value ≥ 0.
 */
export type ParamDirection = "atLeast" | "atMost" | "fixed" | "centre";

/**
 * The facts of one lot the rules look at. Field names follow the Lot table (tenders.prisma), so a lot
 * row can be passed as it is; each rule checks only when its facts are present, so the same input grows
 * through the lifecycle (schedule at publication; bids, committee, publicity, contract later).
 */
export interface RuleFacts {
  docsAvailableFrom?: Date | null;
  docsAvailableTo?: Date | null;
  clarificationCutoff?: Date | null;
  objectionCutoff?: Date | null;
  /** 投标截止时间 = 开标时间. */
  bidDeadline?: Date | null;
  /** 工程: 招标项目估算价; 政府采购: 采购预算金额. Integer fen. */
  estimatedPriceFen?: bigint | null;
  /** 最高投标限价, fen. */
  ceilingPriceFen?: bigint | null;
  /** 投标保证金, fen. */
  bondFen?: bigint | null;
  /** Clarifications and changes published so far (变更公告/澄清). */
  changes?: readonly { publishedAt: Date; affectsPreparation: boolean }[];
  /** Objections to the tender documents (异议/质疑) and when they were answered. */
  objections?: readonly { raisedAt: Date; answeredAt?: Date | null }[];
  /** Bids received by the deadline. */
  bidCount?: number | null;
  /** When the evaluation (评审活动) starts: the expert draw's timing is measured from it. */
  evaluationAt?: Date | null;
  /** Evaluation committee: all members, and how many of them are drawn experts. */
  committee?: { members: number; experts: number } | null;
  /** The buyer's representatives named for the committee, beside the experts the draw fixed. */
  representatives?: { experts: number; representatives: number } | null;
  /** 工程: basisAt = evaluation report received; 政府采购: basisAt = winning supplier determined. */
  publicity?: { basisAt: Date; startsAt?: Date | null; endsAt?: Date | null } | null;
  /** 工程: basisAt = knew of the wrong; 政府采购: basisAt = end of the challenge-answer period. */
  complaint?: { basisAt: Date; filedAt: Date } | null;
  contract?: {
    awardNoticeAt: Date;
    signedAt?: Date | null;
    /** Award price (中标价), contract amount and 履约保证金, fen. */
    awardPriceFen?: bigint | null;
    amountFen?: bigint | null;
    performanceBondFen?: bigint | null;
    /** Written reason when the amount differs from the award price. */
    changeReason?: string | null;
    /** 政府采购: when the contract was published (公告) and filed (备案). */
    recordedAt?: Date | null;
    publishedAt?: Date | null;
    filedAt?: Date | null;
  } | null;
  /** Publication (approval): its instant and how many current tender documents the lot has. */
  publication?: { at: Date; documents: number } | null;
  /** 终止招标: the written reason, when, and whether bonds are still owed (refundedAt: the last one paid back). */
  cancellation?: { reason: string; cancelledAt: Date; refundsOpen?: boolean; refundedAt?: Date | null } | null;
  bondRefund?: { contractSignedAt: Date; refundedAt?: Date | null; bondFen?: bigint | null; interestFen?: bigint | null; refundedFen?: bigint | null } | null;
  /** 定标: the chosen candidate's rank and, when not first, the art. 55 ground; the written report to the supervisor. */
  /** 归档: the archive day and the retention date chosen (Shanghai dates, "YYYY-MM-DD"). */
  archive?: { archivedOn: string; retentionUntil: string } | null;
  /** 归档 request: whether the lot was awarded, the written report (工程) and the contract's filing (政府采购). */
  archiveGate?: { awarded: boolean; reportedAt?: Date | null; contractSigned?: boolean; filedAt?: Date | null } | null;
  award?: { winnerRank: number; reasonCode?: string | null; awardedAt?: Date | null; reportedAt?: Date | null } | null;
  /** Evaluation (评标): the valid read-out prices, to find an abnormally low one. */
  bidPrices?: readonly bigint[] | null;
  /** 政府采购 comprehensive scoring: the price criterion's weight (percent) and what is bought. */
  priceWeight?: { percent: number; subject: "GOODS" | "SERVICES" | "WORKS" } | null;
  /** One member's score on one criterion beside the mean of the others (hundredths of a point). */
  scoreDeviation?: { maxX100: number; scoreX100: number; medianX100: number } | null;
  /** The evaluation clock: started, and when the report was (or is not yet) complete. */
  evaluationReport?: { startedAt: Date; completedAt?: Date | null } | null;
  /** Members of the committee and how many asked for more time; whether the session was extended. */
  moreTime?: { members: number; asking: number; extended: boolean } | null;
  /** A computed price score (hundredths) and its criterion's maximum. */
  priceScore?: { scoreX100: number; maxX100: number } | null;
}

export interface RuleInput extends RuleFacts {
  profile: ProfileId;
  /** The server clock: the one clock every rule reads. */
  now: Date;
}

/**
 * One broken rule. `code` is the i18next key ("rules:violations.<ruleId>"); `params` fill its
 * placeholders and carry i18next's `context` (the profile or the way it failed) to pick the variant.
 */
export interface Violation {
  ruleId: string;
  code: string;
  params: Record<string, string | number>;
  article: Article;
  /** The input field a form should show the message next to. */
  field?: string;
}

export interface Rule<P extends Params = Params> {
  id: string;
  /** The article this rule enforces, per profile it applies to. */
  article: Partial<Record<ProfileId, Article>>;
  appliesTo: readonly ProfileId[];
  paramSpec: { [K in keyof P]: ParamDirection };
  check(input: RuleInput, params: P, calendar: Calendar): Violation | null;
}
