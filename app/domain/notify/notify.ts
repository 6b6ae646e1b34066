import type { NotificationChannel, Role } from "~/generated/prisma/enums";
import { enqueueJob } from "~/jobs/enqueue-job";
import type { Tx } from "~/lib/db.server";
import { deliverNotification } from "./jobs";
import { encodeParams, type NotifyParams } from "./params";
import { TEMPLATE_PATTERN } from "./render-message";
import { templateExists } from "./templates";

export type NotifyChannel = "inapp" | "email" | "sms" | "voice";

/** Someone without an account (e.g. an expert drawn for an evaluation): reached by address only. */
export interface NotifyContact {
  email?: string;
  phone?: string;
  /** Language of the message; default Chinese. */
  locale?: string;
}

export interface NotifyInput {
  /**
   * Who: the union of `userIds`, the users of `orgIds` (only those with `role`, when given), every user
   * with `role` when no `orgIds` are given, and bare `contacts`. Only ACTIVE accounts are notified; a user
   * reached twice is notified once.
   */
  recipients: { userIds?: string[]; orgIds?: string[]; role?: Role; contacts?: NotifyContact[] };
  /** i18n key "<ns>:<key>" of { title, body, sms? } in app/locales/<lang>/<ns>.json. */
  template: string;
  /** Interpolated into the template; Date and money(fen) are formatted for each reader. */
  params?: NotifyParams;
  channels: NotifyChannel[];
  /** What it is about (shown in admin views and the audit detail of deliveries). */
  entity?: { type: string; id: string };
  /** Same-site path to open from the message (in-app link, "view" link in the email). */
  link?: string;
  /**
   * Identifies the event: the same key never notifies the same recipient twice on the same channel,
   * so a retried job or replayed transition can call notify() again safely. E.g. `tender-published-<lotId>`.
   */
  dedupeKey: string;
  /**
   * Leave out the NOTIFY for live bells: the caller pings `liveUserIds` after commit (notifyAfterCommit).
   * For hot paths only — notifying transactions commit one at a time.
   */
  deferLive?: boolean;
}

export interface NotifyResult {
  /** With `deferLive`: the users whose bell the caller pings after commit (notifyAfterCommit). */
  liveUserIds: string[];
  /** In-app notifications created (0 for recipients already notified under this dedupeKey). */
  notifications: number;
  /** Deliveries queued for sending (PENDING), with their ids (= their job ids). */
  deliveryIds: string[];
  /** Deliveries recorded as SKIPPED because the recipient has no address for the channel. */
  skipped: number;
}

const EXTERNAL: Record<Exclude<NotifyChannel, "inapp">, NotificationChannel> = { email: "EMAIL", sms: "SMS", voice: "VOICE" };

/**
 * Notifies people of something that happened in the caller's transaction — call it inside
 * `getDb().$transaction(async (tx) => …)` next to appendAudit. Writes, in that transaction: one
 * Notification per recipient user (in-app; visible the moment the transaction commits), one
 * NotificationDelivery per recipient and external channel (status PENDING: it exists before anything is
 * sent), and one outbox job per delivery (deliverNotification, job id = delivery id). A rollback leaves
 * no trace and sends nothing. Rendering happens at delivery time, in each recipient's language.
 */
export async function notify(tx: Tx, input: NotifyInput): Promise<NotifyResult> {
  validate(input);
  const { userIds = [], orgIds = [], role, contacts = [] } = input.recipients;
  const params = encodeParams(input.params);
  const entityType = input.entity?.type ?? null;
  const entityId = input.entity?.id ?? null;
  const link = input.link ?? null;
  const { dedupeKey, template } = input;

  const who = [];
  if (userIds.length) who.push({ id: { in: userIds } });
  if (orgIds.length) who.push({ orgId: { in: orgIds }, ...(role ? { role } : {}) });
  else if (role) who.push({ role });
  const users = who.length
    ? await tx.user.findMany({ where: { status: "ACTIVE", OR: who }, select: { id: true, email: true, phone: true, locale: true } })
    : [];

  const notificationOf = new Map<string, string>();
  if (input.channels.includes("inapp") && users.length > 0) {
    const created = await tx.notification.createManyAndReturn({
      data: users.map((u) => ({ userId: u.id, template, params, entityType, entityId, link, dedupeKey })),
      skipDuplicates: true,
      select: { id: true, userId: true },
    });
    for (const n of created) notificationOf.set(n.userId, n.id);
    if (created.length > 0 && !input.deferLive) {
      // Live header badges (notifications.stream): PostgreSQL delivers this on commit, never on rollback.
      await tx.$executeRaw`SELECT pg_notify('notification', u) FROM unnest(${created.map((n) => n.userId)}::text[]) AS u`;
    }
  }

  const rows = [];
  for (const ch of input.channels) {
    if (ch === "inapp") continue;
    const channel = EXTERNAL[ch];
    for (const u of users) {
      const address = (ch === "email" ? u.email : u.phone).trim();
      rows.push({
        notificationId: notificationOf.get(u.id) ?? null,
        userId: u.id,
        recipientKey: `user:${u.id}`,
        channel,
        address,
        locale: u.locale,
        status: address ? ("PENDING" as const) : ("SKIPPED" as const),
        lastError: address ? null : `no ${ch === "email" ? "email address" : "phone number"} on the account`,
      });
    }
    for (const c of contacts) {
      const address = (ch === "email" ? c.email : c.phone)?.trim();
      if (!address) continue; // a contact is only reached where it has an address
      rows.push({ notificationId: null, userId: null, recipientKey: `contact:${address}`, channel, address, locale: c.locale ?? "zh-CN", status: "PENDING" as const, lastError: null });
    }
  }

  let deliveryIds: string[] = [];
  let skipped = 0;
  if (rows.length > 0) {
    const created = await tx.notificationDelivery.createManyAndReturn({
      data: rows.map((r) => ({ ...r, template, params, entityType, entityId, link, dedupeKey })),
      skipDuplicates: true,
      select: { id: true, status: true },
    });
    deliveryIds = created.filter((d) => d.status === "PENDING").map((d) => d.id);
    skipped = created.length - deliveryIds.length;
    for (const deliveryId of deliveryIds) await enqueueJob(tx, deliverNotification, { deliveryId });
  }
  return { notifications: notificationOf.size, deliveryIds, skipped, liveUserIds: input.deferLive ? [...notificationOf.keys()] : [] };
}

function validate(input: NotifyInput) {
  // Programming errors of the calling domain, not user input: plain Errors that fail its tests.
  if (!TEMPLATE_PATTERN.test(input.template)) throw new Error(`notify: bad template key "${input.template}"`);
  if (!templateExists(input.template)) throw new Error(`notify: unknown template "${input.template}" (no .title in zh-CN)`);
  if (input.channels.length === 0) throw new Error("notify: no channel");
  for (const ch of input.channels) if (ch !== "inapp" && !(ch in EXTERNAL)) throw new Error(`notify: unknown channel "${ch}"`);
  if (!input.dedupeKey || input.dedupeKey.length > 200) throw new Error("notify: dedupeKey must be 1–200 characters");
  if (input.link !== undefined && (!input.link.startsWith("/") || input.link.startsWith("//") || input.link.length > 300)) {
    throw new Error(`notify: link must be a same-site path, got "${input.link}"`);
  }
  if (input.entity && (input.entity.type.length > 40 || input.entity.id.length > 64)) throw new Error("notify: entity type/id too long");
}
