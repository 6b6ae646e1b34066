import { UnrecoverableError } from "bullmq";
import { systemActor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import type { NotificationChannel } from "~/generated/prisma/enums";
import { DEFAULT_ATTEMPTS, type JobContext } from "~/jobs/define-job";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { getEmailTransport } from "./email-transport";
import { deliverNotification } from "./jobs";
import { renderMessage, type RenderedMessage } from "./render-message";
import { getSmsProvider } from "./sms-provider";
import { notifyT, recipientLocale } from "./templates";

const actor = systemActor("notify");
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 1000);

/**
 * Handler of deliverNotification: sends one NotificationDelivery and records the outcome on its row.
 * Idempotent — only a PENDING delivery is sent, so a re-relayed or re-queued job is a no-op once it went
 * out. Each attempt is counted before the send (a crash mid-send still shows); a failure keeps the row
 * PENDING with lastError and rethrows for BullMQ's backoff, and the last attempt marks it FAILED.
 * At-least-once: a worker dying between the provider's acceptance and the SENT update sends it again.
 */
export default async function deliverNotificationJob(payload: { deliveryId: string }, ctx: JobContext) {
  const db = getDb();
  const id = payload.deliveryId;
  const d = await db.notificationDelivery.findUnique({ where: { id } });
  if (!d) return { status: "missing" };
  if (d.status !== "PENDING") return { status: d.status };

  // The recipient's language now (they may have switched since the event), rendered from the template.
  const user = d.userId ? await db.user.findUnique({ where: { id: d.userId }, select: { locale: true } }) : null;
  const locale = recipientLocale(user?.locale ?? d.locale);
  const env = getEnv();
  let msg: RenderedMessage;
  try {
    msg = renderMessage(notifyT(locale), { locale, centreName: env.CENTRE_NAME, publicUrl: env.PUBLIC_URL }, d);
  } catch (e) {
    // A template missing from this release will not appear by retrying.
    await finish(id, { status: "FAILED", lastError: errorText(e), attempts: d.attempts + 1 }, d);
    throw new UnrecoverableError(errorText(e));
  }

  const content = contentOf(d.channel, msg);
  await db.notificationDelivery.update({
    where: { id },
    data: { attempts: { increment: 1 }, lastAttemptAt: new Date(), content },
  });
  try {
    const { providerId } = await send(d.channel, d.address, msg);
    await finish(id, { status: "SENT", providerId, attempts: d.attempts + 1 }, d);
    return { status: "SENT", providerId };
  } catch (e) {
    const maxAttempts = deliverNotification.attempts ?? DEFAULT_ATTEMPTS;
    const final = ctx.attempt >= maxAttempts;
    await finish(id, { status: final ? "FAILED" : "PENDING", lastError: errorText(e), attempts: d.attempts + 1 }, d);
    throw e;
  }
}

function send(channel: NotificationChannel, address: string, msg: RenderedMessage): Promise<{ providerId: string }> {
  switch (channel) {
    case "EMAIL":
      return getEmailTransport().send({ to: address, ...msg.email });
    case "SMS":
      return getSmsProvider().send(address, msg.sms);
    case "VOICE":
      return getSmsProvider().call(address, msg.voice);
  }
}

/** What the recipient gets, kept on the row: the record of a notice (and the dev sink's "outbox"). */
function contentOf(channel: NotificationChannel, msg: RenderedMessage): string {
  if (channel === "EMAIL") return `${msg.email.subject}\n\n${msg.email.text}`;
  return channel === "SMS" ? msg.sms : msg.voice;
}

async function finish(
  id: string,
  r: { status: "SENT" | "FAILED" | "PENDING"; providerId?: string; lastError?: string; attempts: number },
  d: { channel: NotificationChannel; template: string; userId: string | null; entityType: string | null; entityId: string | null },
) {
  await getDb().$transaction(async (tx) => {
    const now = new Date();
    const { count } = await tx.notificationDelivery.updateMany({
      where: { id, status: "PENDING" },
      data:
        r.status === "SENT"
          ? { status: "SENT", sentAt: now, providerId: r.providerId, lastError: null }
          : { status: r.status, lastError: r.lastError },
    });
    if (count === 0 || r.status === "PENDING") return; // retries are on the row; the audit log gets outcomes
    await appendAudit(tx, actor, {
      action: r.status === "SENT" ? "notification.delivered" : "notification.delivery_failed",
      entityType: "NotificationDelivery",
      entityId: id,
      detail: {
        channel: d.channel,
        template: d.template,
        userId: d.userId,
        entityType: d.entityType,
        entityId: d.entityId,
        attempts: r.attempts,
        ...(r.lastError ? { error: r.lastError.slice(0, 200) } : {}),
      },
    });
  });
}
