import type { AlertInput } from "~/domain/supervision/raise-alert";
import type { Calendar } from "~/domain/rules/calendar";
import type { RuleParams } from "~/domain/rules/profiles";
import type { AlertKind, LotStatus, ComplaintStatus, ProcurementType } from "~/generated/prisma/enums";
import type { MajorProjectFact } from "~/domain/social-supervision/load-major-project-facts";

/**
 * What the alert rules look at, loaded once per evaluation by loadAlertFacts. Rules are pure functions of
 * these facts (unit-tested without a database) and return alerts; the runner raises each once (dedupeKey).
 */
export interface AlertFacts {
  now: Date;
  calendar: Calendar;
  /** The centre's effective rule parameters per profile (periods of the lot's phases). */
  ruleParams: RuleParams;
  lots: LotFact[];
  objections: { id: string; lotId: string; answerDueAt: Date; answeredAt: Date | null }[];
  complaints: ComplaintFact[];
  /** ACTIVE bids of live lots (no content: where and how they came in). */
  bids: BidFact[];
  /** Recent audit entries of trade actions by people (not the system). */
  operations: { id: string; at: Date; action: string; actorRole: string; actorId: string | null; entityType: string; entityId: string }[];
  /** Number of draws (every kind, cancelled included) per lot, for lots with more than one. */
  drawsPerLot: { lotId: string; draws: number; cancelled: number }[];
  /**
   * Read-out prices (唱标) per lot: BidDecryption.totalPriceFen of DECRYPTED bids once the hall has read
   * (OpeningSession.readAt set), for live lots. Exact integers (bigint fen).
   */
  prices: PriceFact[];
  /** Drawn experts asked to confirm (NOTIFIED) or who let the limit pass (TIMED_OUT), of live draws. */
  expertCalls: ExpertCallFact[];
  /**
   * PDF metadata values shared by bids of two or more organisations of one lot (grouped in SQL from
   * BidDocumentMetadata, filled by the scanBidDocuments job after 唱标).
   */
  documentTraits: DocumentTraitFact[];
  /** Major projects' draws and openings with their supervisor attendance (social-supervision; optional in unit facts). */
  majorProjects?: MajorProjectFact[];
  /** Scoring deviations of evaluations in progress (EvaluationSession.results; optional in unit facts). */
  scoringDeviations?: ScoringDeviationFact[];
  /**
   * Collusion-group alerts still standing (not resolved) on live lots: the shared-trait rules look at each
   * again, so a group whose bids changed is updated, and one fewer than two bidders still share is closed.
   * Left out (undefined) when the bids were cut at their bound: a missing bid must not close a group.
   */
  standingGroups?: StandingGroupFact[];
}

/** A standing collusion-group alert: its key, kind, lot and current evidence (params). */
export interface StandingGroupFact {
  id: string;
  kind: AlertKind;
  lotId: string;
  dedupeKey: string;
  params: Record<string, unknown>;
}

/** One member's score far from the rest of the committee (rule scoreDeviation), seats not names. */
export interface ScoringDeviationFact {
  lotId: string;
  sessionId: string;
  seat: number;
  ordinal: number;
  criterionKey: string;
  scoreX100: number;
  medianX100: number;
  maxX100: number;
}

export interface LotFact {
  id: string;
  status: LotStatus;
  /** The rule profile. */
  procurementType: ProcurementType;
  bidDeadline: Date;
  /** When the lot entered CANDIDATES_PUBLICITY (the CANDIDATES announcement), if it did. */
  candidatesPublishedAt: Date | null;
  /** A RESULT announcement exists. */
  awarded: boolean;
}

export interface ComplaintFact {
  id: string;
  lotId: string;
  status: ComplaintStatus;
  acceptDueAt: Date;
  decisionDueAt: Date | null;
}

export interface BidFact {
  id: string;
  lotId: string;
  orgId: string;
  uploaderIp: string;
  deviceId: string;
  ciphertextSha256: string;
  plaintextSha256: string;
  bondPayerAccount: string | null;
}

export interface PriceFact {
  lotId: string;
  bids: { bidId: string; orgId: string; priceFen: bigint }[];
}

export interface ExpertCallFact {
  memberId: string;
  drawId: string;
  lotId: string;
  expertCode: string;
  specialtyCode: string;
  status: "NOTIFIED" | "TIMED_OUT";
  notifiedAt: Date;
  respondBy: Date;
}

export interface DocumentTraitFact {
  lotId: string;
  /** author: the PDFs' Author field; documentId: the PDF file identifier (trailer /ID[0]). */
  trait: "author" | "documentId";
  value: string;
  bidIds: string[];
  orgIds: string[];
  fileNames: string[];
}

/**
 * An alert a rule found. A repeating one (the same rule, subject and day: e.g. one person's off-hours
 * operations) carries `occurredAt`, the instant of this occurrence, and shares its dedupeKey with the
 * others: the store keeps one row per key with the count and the last instant (storeRaisedAlerts).
 */
export type RaisedAlert = AlertInput & { occurredAt?: Date; group?: AlertGroup };

/**
 * A collusion group (bids of different bidders sharing one thing: account, IP, device, hash, author): its
 * alert is keyed by the shared thing, never by the bidders, and its evidence (params) names the CURRENT
 * bids. Stored again with other members or evidence it is updated in place (storeRaisedAlerts);
 * `dissolved`: fewer than two bidders share it now — the standing alert is closed, naming who is left.
 */
export interface AlertGroup {
  /** The organisations sharing it now, sorted. */
  orgIds: string[];
  dissolved?: boolean;
}

/** One rule: named after what it watches (its file name), pure over the facts. */
export interface AlertRule {
  id: string;
  evaluate(facts: AlertFacts): RaisedAlert[];
}

export const HOUR_MS = 3600_000;
export const MINUTE_MS = 60_000;
