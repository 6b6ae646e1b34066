import type { Actor } from "~/domain/actor";
import type { Permission } from "~/domain/accounts/permissions";
import type { LotStatus, TransitionKind } from "~/generated/prisma/enums";

/**
 * THE LOT'S LIFE, ONE ROW PER PHASE. Everything that depends on "which phase is the lot in" reads this
 * table: the transition map (lot-lifecycle.ts builds TRANSITIONS from `enteredBy`), the scheduler
 * (schedule/plan-transitions.ts reads `deadlines` with a transition), the alert rules (the `deadlines` with
 * an alert, the `running` group), the bid/draw/hall windows, the staff step bar, the portal filters, the
 * OCDS status and the OpenAPI enums (the named groups). No other file lists lot statuses by hand.
 *
 * TO ADD A PHASE, ADD A ROW (and its LotStatus value with a migration, and `statuses.<S>` / `steps.<S>`
 * in app/locales/<lng>/tenders*.json):
 *   - `status`: the LotStatus value;
 *   - `groups`: every named group (LotGroup below) the phase belongs to — a group is defined by its rows;
 *   - `enteredBy`: the events that lead into it, from which statuses (or a group), and who may trigger
 *     them (a permission of the permission table, or "SYSTEM" for the scheduler/workers);
 *   - `deadlines`: the instants of the phase, each tied to the rule of the profile that sets it (a rule id
 *     of rules/profiles.ts) and what happens when it passes: a scheduled transition or an alert;
 *   - `ocds`: the OCDS tenderStatus it is published as.
 * test/unit/lot-phases.test.ts walks the table against the transition map and every rule profile.
 */
export type LotEvent =
  | "submit" // author sends the draft to review
  | "withdraw" // author takes it back before review
  | "approve" // second staff member approves → published (一审一核)
  | "reject" // reviewer sends it back to draft
  | "close_bidding" // bid deadline passed (scheduled)
  | "open_hall" // opening time (= bid deadline): the hall opens
  | "start_evaluation"
  | "complete_evaluation" // report signed by the committee (app/domain/evaluation)
  | "publish_candidates"
  | "award" // the buyer confirms the winner (app/domain/award/award-lot.ts)
  | "record_contract" // the signed contract is recorded (app/domain/award/record-contract.ts)
  | "archive" // the case archive is built and verified by the worker (app/domain/award/build-lot-archive.ts)
  | "suspend" // objection pending or supervisor's order
  | "resume" // back to the state it was suspended from
  | "cancel"
  | "fail"; // 流标

export type LotGroup =
  /** Not yet published: only the centre's staff see it (草稿, 待审核). */
  | "internal"
  /** On the public portal (filters, OpenAPI enum, social supervisors' lists): from publication on. */
  | "public"
  /** Accepting bids, registrations and document downloads (the bid window). */
  | "openForBids"
  /** Sealed bids still wait for the opening: a key they depend on must stay usable; questions answerable. */
  | "beforeOpening"
  /** Experts may be drawn: after publication, before the evaluation starts. */
  | "drawable"
  /**
   * The buyer may name (or remove) its representatives on the committee: from publication until the
   * evaluation starts — the lot stays in EVALUATION until then; the evaluation session's existence closes it.
   */
  | "committeeForming"
  /** Published and not ended: may be suspended (objection, supervisor's order). */
  | "live"
  /** Live or suspended: watched by the supervision alerts. */
  | "running"
  /** Past the bid deadline (the schedule's close step has happened). */
  | "biddingClosed"
  /** The hall has opened (or the lot failed/ended after it). */
  | "opened"
  /** Opened and still running: read-out prices and document traits are watched. */
  | "openedRunning"
  /** The hall (开标大厅) is linked from the staff and bidder pages. */
  | "hallLinked"
  /** The evaluation (评标) has been or may be opened: its progress page is linked from the staff pages. */
  | "evaluationLinked"
  /** The result is public: the draw proof is revealed. */
  | "resultPublic"
  /** The procedure is over (for service ratings). */
  | "ended"
  /** Stopped for now or for good: the portal shows a warning instead of the bid actions. */
  | "halted"
  | "cancellable"
  | "failable"
  | "archivable"
  /** The main road, in table order: the staff step bar. */
  | "road";

/** Who may trigger: any of these permissions (from the permission table), or the scheduler itself. */
export type Trigger = Permission | "SYSTEM";

export interface GuardContext {
  actor: Actor;
  lot: { id: string; status: LotStatus; authorId: string; suspendedFrom: LotStatus | null };
}

/** Returns an error code ("tenders:errors.…") to refuse, or null. */
export type Guard = (ctx: GuardContext) => string | null;

export interface PhaseEntry {
  event: LotEvent;
  from: readonly LotStatus[] | LotGroup;
  by: readonly Trigger[];
  guard?: Guard;
}

/** The instants of a lot the schedule and alerts count from (Lot columns or notices' dates). */
export type LotInstant = "docsAvailableTo" | "bidDeadline" | "candidatesPublishedAt";

export type AlertKindOnDeadline = "OPENING_NOT_STARTED" | "PUBLICITY_WITHOUT_AWARD";

export interface PhaseDeadline {
  /** The instant itself, or where the rule's period starts. */
  at: LotInstant;
  /** The rule of the profile (rules/profiles.ts) that sets or bounds this instant. */
  ruleId: string;
  /** When set, the deadline is the end of the rule's period (parameter names of the rule) counted from `at`. */
  period?: { count: string; unit: string };
  then: { transition: TransitionKind } | { alert: AlertKindOnDeadline };
}

export type OcdsTenderStatus = "planned" | "active" | "complete" | "cancelled" | "unsuccessful";

export interface LotPhase {
  status: LotStatus;
  groups: readonly LotGroup[];
  enteredBy: readonly PhaseEntry[];
  deadlines: readonly PhaseDeadline[];
  ocds: OcdsTenderStatus;
  /** SUSPENDED only: the event that returns to the phase recorded at suspension, and who may trigger it. */
  resumedBy?: { event: LotEvent; by: readonly Trigger[] };
}

const notAuthor: Guard = ({ actor, lot }) =>
  actor.userId !== null && actor.userId === lot.authorId ? "tenders:errors.selfReview" : null;

const bidDeadlineSteps: readonly PhaseDeadline[] = [
  { at: "bidDeadline", ruleId: "documentsToDeadlineMinDays", then: { transition: "OPEN_HALL" } },
  // 5 minutes' grace (alert-rules/opening-not-started.ts), then red.
  { at: "bidDeadline", ruleId: "documentsToDeadlineMinDays", then: { alert: "OPENING_NOT_STARTED" } },
];

export const PHASES: readonly LotPhase[] = [
  {
    status: "DRAFT",
    groups: ["internal", "cancellable", "road"],
    enteredBy: [
      { event: "withdraw", from: ["UNDER_REVIEW"], by: ["tender.create"] },
      { event: "reject", from: ["UNDER_REVIEW"], by: ["tender.review"], guard: notAuthor },
    ],
    deadlines: [],
    ocds: "planned",
  },
  {
    status: "UNDER_REVIEW",
    groups: ["internal", "cancellable", "road"],
    enteredBy: [{ event: "submit", from: ["DRAFT"], by: ["tender.create"] }],
    deadlines: [],
    ocds: "planned",
  },
  {
    status: "PUBLISHED",
    groups: ["public", "openForBids", "beforeOpening", "drawable", "committeeForming", "live", "running", "cancellable", "road"],
    enteredBy: [{ event: "approve", from: ["UNDER_REVIEW"], by: ["tender.review"], guard: notAuthor }],
    deadlines: [
      { at: "docsAvailableTo", ruleId: "documentsAvailabilityMinDays", then: { transition: "CLOSE_DOCS" } },
      { at: "bidDeadline", ruleId: "documentsToDeadlineMinDays", then: { transition: "CLOSE_BIDDING" } },
      ...bidDeadlineSteps,
    ],
    ocds: "active",
  },
  {
    status: "BIDDING_CLOSED",
    groups: ["public", "beforeOpening", "drawable", "committeeForming", "live", "running", "biddingClosed", "cancellable", "failable", "road"],
    enteredBy: [{ event: "close_bidding", from: ["PUBLISHED"], by: ["SYSTEM"] }],
    deadlines: bidDeadlineSteps,
    ocds: "active",
  },
  {
    status: "OPENING",
    groups: ["public", "drawable", "committeeForming", "live", "running", "biddingClosed", "opened", "openedRunning", "hallLinked", "failable", "road"],
    enteredBy: [{ event: "open_hall", from: ["BIDDING_CLOSED"], by: ["SYSTEM", "opening.host"] }],
    deadlines: [],
    ocds: "active",
  },
  {
    status: "EVALUATION",
    groups: ["evaluationLinked", "committeeForming", "public", "live", "running", "biddingClosed", "opened", "openedRunning", "hallLinked", "failable", "road"],
    enteredBy: [{ event: "start_evaluation", from: ["OPENING"], by: ["SYSTEM", "opening.host"] }],
    deadlines: [],
    ocds: "active",
  },
  {
    // Evaluation complete, report signed: waiting for the candidates' publicity / award (app/domain/award adds
    // the rows leaving it). Still live: a complaint may suspend it; failable (e.g. every bid rejected).
    status: "EVALUATED",
    groups: ["evaluationLinked", "public", "live", "running", "biddingClosed", "opened", "openedRunning", "hallLinked", "failable", "road"],
    enteredBy: [{ event: "complete_evaluation", from: ["EVALUATION"], by: ["SYSTEM"] }],
    deadlines: [],
    ocds: "active",
  },
  {
    status: "CANDIDATES_PUBLICITY",
    groups: ["evaluationLinked", "public", "live", "running", "biddingClosed", "opened", "openedRunning", "hallLinked", "resultPublic", "failable", "road"],
    // 工程 only (app/domain/award/publish-candidates.ts checks the profile). The publicity's end is the
    // PUBLICITY_END step planned from CandidatesPublicity.endsAt (app/domain/award/award-clocks.ts).
    enteredBy: [{ event: "publish_candidates", from: ["EVALUATED"], by: ["award.manage"] }],
    deadlines: [
      {
        at: "candidatesPublishedAt",
        ruleId: "candidatesPublicity",
        period: { count: "minDuration", unit: "durationUnit" },
        then: { alert: "PUBLICITY_WITHOUT_AWARD" },
      },
    ],
    ocds: "active",
  },
  {
    // 定标: 工程 after the publicity, 政府采购 straight from the report (award-lot.ts checks the profile). Its
    // clocks (15-day report, 30-day contract) are AWARD_CLOCK_DUE steps from app/domain/award/award-clocks.ts.
    status: "AWARDED",
    groups: ["evaluationLinked", "public", "biddingClosed", "opened", "hallLinked", "resultPublic", "ended", "road"],
    enteredBy: [{ event: "award", from: ["CANDIDATES_PUBLICITY", "EVALUATED"], by: ["award.manage"] }],
    deadlines: [],
    ocds: "complete",
  },
  {
    // The signed contract is recorded; bonds are refunded (register, AWARD_CLOCK_DUE "refunds"), then archived.
    status: "CONTRACTED",
    groups: ["evaluationLinked", "public", "biddingClosed", "opened", "hallLinked", "resultPublic", "ended", "archivable", "road"],
    enteredBy: [{ event: "record_contract", from: ["AWARDED"], by: ["award.manage"] }],
    deadlines: [],
    ocds: "complete",
  },
  {
    status: "ARCHIVED",
    groups: ["evaluationLinked", "public", "biddingClosed", "opened", "resultPublic", "ended", "road"],
    enteredBy: [{ event: "archive", from: "archivable", by: ["tender.transition"] }],
    deadlines: [],
    ocds: "complete",
  },
  {
    status: "SUSPENDED",
    // Counted "before opening" whatever it was suspended from: a bid key stays usable, questions answerable.
    groups: ["public", "beforeOpening", "running", "openedRunning", "halted", "cancellable"],
    enteredBy: [{ event: "suspend", from: "live", by: ["objection.raise", "tender.suspend_by_order", "tender.transition"] }],
    resumedBy: { event: "resume", by: ["objection.answer", "tender.suspend_by_order", "tender.transition"] },
    deadlines: [],
    ocds: "active",
  },
  {
    status: "CANCELLED",
    groups: ["public", "ended", "halted", "archivable"],
    enteredBy: [{ event: "cancel", from: "cancellable", by: ["tender.transition"] }],
    deadlines: [],
    ocds: "cancelled",
  },
  {
    status: "FAILED",
    groups: ["public", "biddingClosed", "opened", "hallLinked", "ended", "halted", "archivable"],
    enteredBy: [{ event: "fail", from: "failable", by: ["tender.transition"] }],
    deadlines: [],
    ocds: "unsuccessful",
  },
];

const byStatus = new Map(PHASES.map((p) => [p.status, p]));
if (byStatus.size !== PHASES.length) throw new Error("lot-phases: a status has two rows");

/** Every lot status, in table order. */
export const LOT_STATUSES: readonly LotStatus[] = PHASES.map((p) => p.status);

export function phaseRow(status: LotStatus): LotPhase {
  const p = byStatus.get(status);
  if (!p) throw new Error(`lot-phases: no row for ${status}`);
  return p;
}

const groupCache = new Map<LotGroup, readonly LotStatus[]>();

/** The statuses of a named group, in table order. */
export function statusesIn(group: LotGroup): readonly LotStatus[] {
  let s = groupCache.get(group);
  if (!s) groupCache.set(group, (s = PHASES.filter((p) => p.groups.includes(group)).map((p) => p.status)));
  return s;
}

/** Whether `status` (a LotStatus, or any string from a form or URL) belongs to the group. */
export function inGroup(status: string | null | undefined, group: LotGroup): boolean {
  return !!status && statusesIn(group).includes(status as LotStatus);
}

/** The phase whose rules apply: a suspended lot keeps the phase it was suspended from. */
export function phaseOf(lot: { status: LotStatus; suspendedFrom?: LotStatus | null }): LotStatus | null {
  return lot.status === "SUSPENDED" ? (lot.suspendedFrom ?? null) : lot.status;
}

/** The statuses whose deadlines raise this alert. */
export function statusesAlerting(kind: AlertKindOnDeadline): readonly LotStatus[] {
  return PHASES.filter((p) => p.deadlines.some((d) => "alert" in d.then && d.then.alert === kind)).map((p) => p.status);
}

/** The deadline of a phase that raises this alert (one per kind). */
export function deadlineAlerting(kind: AlertKindOnDeadline): PhaseDeadline {
  for (const p of PHASES) for (const d of p.deadlines) if ("alert" in d.then && d.then.alert === kind) return d;
  throw new Error(`lot-phases: no deadline raises ${kind}`);
}

/** Our lot state → the closed OCDS tenderStatus codelist. */
export const ocdsTenderStatus = (status: LotStatus): OcdsTenderStatus => phaseRow(status).ocds;
