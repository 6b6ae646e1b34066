import type { Actor, SignedInActor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import { socialRefusal } from "~/domain/social-supervision/social-refusal";
import type { Role } from "~/generated/prisma/enums";

type Who = Role | "SYSTEM" | "PUBLIC";

/**
 * THE permission table: every route and every domain call asks `assertCan(actor, permission)` and
 * nothing else decides who may do what. Trade permissions never list an admin role (三员分立: admins
 * perform no trade operation); supervisors get no trade write (they watch, annotate, order suspension
 * and decide complaints). test/unit/permission-matrix.test.ts walks every role × permission.
 * Scope (own organisation, own tender, assigned tender) is checked by the domain function on top.
 */
export const PERMISSIONS = {
  // accounts and administration
  "org.register": ["PUBLIC"],
  "account.self": ["BIDDER", "STAFF", "EXPERT", "SUPERVISOR", "SOCIAL_SUPERVISOR", "SYSTEM_ADMIN", "SECURITY_ADMIN", "AUDIT_ADMIN", "EXPERT_ADMIN"],
  "account.manage": ["SYSTEM_ADMIN"],
  "account.unlock": ["SYSTEM_ADMIN", "SECURITY_ADMIN"],
  /** Creating admin accounts: only the seed / CLI (SYSTEM), never through the web (三员分立). */
  "account.bootstrap": ["SYSTEM"],
  /** Creating organisations other than self-registered bidders (the centre, buyers, agents, supervision). */
  "org.manage": ["SYSTEM_ADMIN", "SYSTEM"],
  "role.assign": ["SECURITY_ADMIN"],
  "totp.reset": ["SECURITY_ADMIN"],
  "config.manage": ["SYSTEM_ADMIN"],
  "calendar.manage": ["SYSTEM_ADMIN"],
  /** The development mailbox (MAIL_SINK_DIR): what the portal sent while no real SMTP server is set. */
  "devmail.read": ["SYSTEM_ADMIN"],
  "org.certificate.read": ["BIDDER", "STAFF", "SUPERVISOR"],
  // audit and supervision (read)
  "audit.log.read": ["SUPERVISOR", "SOCIAL_SUPERVISOR", "AUDIT_ADMIN"],
  "audit.log.export": ["SUPERVISOR", "AUDIT_ADMIN"],
  "audit.checkpoint.write": ["SYSTEM"],
  "statistics.read": ["STAFF", "SUPERVISOR", "SOCIAL_SUPERVISOR"],
  /** Asking the worker for a month's bulletin (月度通报) now, besides its monthly schedule (idempotent). */
  "bulletin.generate": ["STAFF", "SUPERVISOR", "SYSTEM"],
  "alert.read": ["SUPERVISOR"],
  "alert.handle": ["SUPERVISOR"],
  "complaint.file": ["BIDDER"],
  "complaint.decide": ["SUPERVISOR"],
  "tender.suspend_by_order": ["SUPERVISOR"],
  // social supervisors (社会监督员): staff or supervisors nominate; supervisors assign, decide recusals,
  // evaluate, suspend and dismiss; the social supervisor signs its agreement and asks for recusal.
  "social_supervisor.read": ["STAFF", "SUPERVISOR"],
  "social_supervisor.nominate": ["STAFF", "SUPERVISOR"],
  "social_supervisor.manage": ["SUPERVISOR"],
  "social_supervision.self": ["SOCIAL_SUPERVISOR"],
  // trade: tenders
  "tender.create": ["STAFF"],
  /**
   * 委托代理 (issue 13 item 9): entrusting and revoking an agent — the buyer's own staff only (the domain checks
   * the organisation is a buyer; 招标投标法 art. 12: nobody chooses an agent for the buyer, not even the centre).
   */
  "entrustment.manage": ["STAFF"],
  /** Reading entrustments: the buyer's (given), the agent's (received), the centre's staff (all). */
  "entrustment.read": ["STAFF"],
  "tender.review": ["STAFF"],
  "tender.read_internal": ["STAFF", "SUPERVISOR"],
  "tender.transition": ["STAFF", "SYSTEM"],
  "tender.register": ["BIDDER"],
  "question.ask": ["BIDDER"],
  "question.answer": ["STAFF"],
  "objection.raise": ["BIDDER"],
  "objection.answer": ["STAFF"],
  // trade: bids, draws, openings, evaluation
  "bid.submit": ["BIDDER"],
  "bid.withdraw": ["BIDDER"],
  "bidkey.manage": ["BIDDER"],
  /**
   * The expert pool (names, employers, contacts, specialties, imports, specialty requests): the centre's
   * expert administrators only — never the buyer's, the agent's or the centre's trade staff (issue 13).
   */
  "expert.manage": ["EXPERT_ADMIN"],
  /** Reading one expert's full phone and email (masked everywhere else): audited with a reason. */
  "expert.contact.reveal": ["EXPERT_ADMIN"],
  "expert.profile.own": ["EXPERT"],
  /** The expert edits their own contact details, employer and leave, and asks for specialty changes (/expert/profile). */
  "expert.profile.update": ["EXPERT"],
  "draw.request": ["STAFF"],
  "draw.entropy": ["SUPERVISOR"],
  "draw.names.read": ["SUPERVISOR"],
  "draw.confirm": ["EXPERT"],
  "opening.host": ["STAFF"],
  "opening.attend": ["BIDDER", "STAFF", "SUPERVISOR"],
  /** Watching a hall: everyone who attends, and social supervisors read-only on their lots from the deadline on. */
  "opening.read": ["BIDDER", "STAFF", "SUPERVISOR", "SOCIAL_SUPERVISOR"],
  "opening.decrypt": ["BIDDER"],
  "evaluation.score": ["EXPERT"],
  /** Award phase (app/domain/award): publicity, 定标, notices, contract, bond refunds, archive request. */
  "award.manage": ["STAFF", "SYSTEM"],
  /** Reading a lot's award record, contract, refund register and archive (buyer's staff, supervisors). */
  "award.read": ["STAFF", "SUPERVISOR"],
  "document.read_internal": ["STAFF", "SUPERVISOR"],
  /** Rendering and storing generated documents (certificates, checkpoints): the worker only. */
  "document.generate": ["SYSTEM"],
  /** Sweeping storage (orphan bid files after a crash): the worker only. */
  "storage.sweep": ["SYSTEM"],
} as const satisfies Record<string, readonly Who[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(who: Who, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Who[]).includes(who);
}

/**
 * The actor a permission admits, as a type: a SignedInActor when the permission's row lists neither SYSTEM
 * nor PUBLIC (only users pass, so a user id is there), else any Actor.
 */
export type ActorFor<P extends Permission> = [Extract<(typeof PERMISSIONS)[P][number], "SYSTEM" | "PUBLIC">] extends [never] ? SignedInActor : Actor;

/**
 * Throws 401 for anonymous visitors, 403 for the signed-in without the permission. Past it the actor is
 * typed `ActorFor<permission>`, so a users-only operation reads `actor.userId` without a `!`.
 */
export function assertCan<P extends Permission>(actor: Actor, permission: P): asserts actor is ActorFor<P> {
  if (can(actor.role, permission)) return;
  if (actor.role === "PUBLIC") throw new DomainError("common:errors.authRequired", {}, 401);
  // Social supervisors get a refusal that says why (they observe; complaints and alerts are not theirs).
  if (actor.role === "SOCIAL_SUPERVISOR") throw socialRefusal(permission);
  throw new DomainError("common:errors.forbidden", { permission }, 403);
}
