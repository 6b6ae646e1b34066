import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import { getEnv } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends one email; resolves with the id to record, rejects with the reason (the job retries). */
export interface EmailTransport {
  send(msg: EmailMessage): Promise<{ providerId: string }>;
}

/**
 * SMTP through nodemailer. One connection per message rather than a pool: notification volume is low,
 * and a fresh connection cannot be a stale one left over from a server restart. Timeouts are far below
 * BullMQ's lock time, so a server that accepts TCP but never answers fails the attempt instead of hanging.
 */
export class SmtpEmailTransport implements EmailTransport {
  private readonly mailer;
  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.mailer = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  }

  async send(msg: EmailMessage) {
    const info = await this.mailer.sendMail({ from: this.from, to: msg.to, subject: msg.subject, text: msg.text, html: msg.html });
    if (info.rejected.length > 0) throw new Error(`SMTP server rejected ${info.rejected.join(", ")}: ${info.response}`);
    return { providerId: info.messageId };
  }
}

/**
 * Development sink: no SMTP server configured. The message is logged, and the delivery row keeps its
 * text (content), so a demo shows exactly what would have been sent. Never used in production.
 */
export class DevSinkEmailTransport implements EmailTransport {
  async send(msg: EmailMessage) {
    const providerId = `dev-sink-${randomUUID()}`;
    logger.info({ to: msg.to, subject: msg.subject, providerId }, "email (development sink, not sent)");
    return { providerId };
  }
}

/** Production without SMTP_URL: refuse, so the delivery ends FAILED and an administrator sees it. */
class UnconfiguredEmailTransport implements EmailTransport {
  async send(): Promise<{ providerId: string }> {
    throw new Error("email is not configured (SMTP_URL unset)");
  }
}

const g = globalThis as unknown as { __emailTransport?: { key: string; transport: EmailTransport } };

/** The process's transport for the current configuration (tests change SMTP_URL between cases). */
export function getEmailTransport(): EmailTransport {
  const env = getEnv();
  const key = `${env.SMTP_URL ?? ""}|${env.SMTP_FROM}|${env.NODE_ENV}`;
  if (g.__emailTransport?.key === key) return g.__emailTransport.transport;
  const transport = env.SMTP_URL
    ? new SmtpEmailTransport(env.SMTP_URL, env.SMTP_FROM)
    : env.NODE_ENV === "production"
      ? new UnconfiguredEmailTransport()
      : new DevSinkEmailTransport();
  g.__emailTransport = { key, transport };
  return transport;
}
