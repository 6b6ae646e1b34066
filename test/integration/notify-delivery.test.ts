import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverNotification, requeueStaleDeliveries } from "~/domain/notify/jobs";
import { notify, type NotifyInput } from "~/domain/notify/notify";
import { money } from "~/domain/notify/params";
import { resetEnvCache } from "~/lib/env.server";
import { makeUser } from "../support/accounts-fixtures";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { waitFor } from "../support/wait";
import { startWorker, type WorkerHandle } from "../../workers/start-worker";
import { freePort, parseMail, startSmtpProcess, type ReceivedMail, type SmtpProcess } from "./notify-mail";

/**
 * End to end through the real worker: notify() in a transaction → outbox → BullMQ → deliverNotification
 * → a real SMTP server process (smtp-server) and the SMS development sink. Retries are shortened for the
 * test (4 attempts, 300 ms doubling) by adjusting the shared job definition before the worker starts.
 */
const { db } = await useTestDb();
useQueuePrefix();
process.env.CENTRE_NAME = "示范市公共资源交易中心";
process.env.PUBLIC_URL = "https://ggzy.example.cn";

const received: ReceivedMail[] = [];
let smtp: SmtpProcess;
let worker: WorkerHandle;
const saved = { attempts: deliverNotification.attempts, backoffMs: deliverNotification.backoffMs };

function useSmtp(port: number) {
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  resetEnvCache();
}

beforeAll(async () => {
  deliverNotification.attempts = 4;
  deliverNotification.backoffMs = 300;
  smtp = await startSmtpProcess(await freePort(), received);
  useSmtp(smtp.port);
  worker = await startWorker({ sealer: false, schedulers: false });
});
afterAll(async () => {
  await worker?.close();
  await smtp?.stop();
  Object.assign(deliverNotification, saved);
  delete process.env.SMTP_URL;
  resetEnvCache();
});

const delivered = (id: string, status = "SENT") =>
  waitFor(async () => {
    const d = await db.notificationDelivery.findUniqueOrThrow({ where: { id } });
    return d.status === status ? d : null;
  });

const mailTo = (address: string) => waitFor(async () => received.find((m) => m.to.includes(address)));

async function bidder(over: { locale?: string; phone?: string } = {}) {
  const u = await makeUser(db, { role: "BIDDER" });
  const user = await db.user.update({ where: { id: u.user.id }, data: { locale: over.locale ?? "zh-CN", phone: over.phone ?? "13800138000" } });
  return { ...u, user };
}

const input = (userId: string, key: string, over: Partial<NotifyInput> = {}): NotifyInput => ({
  recipients: { userIds: [userId] },
  template: "notify:events.test",
  params: { subject: "市政道路改造工程", at: new Date("2026-12-03T01:30:00Z"), amount: money(1_234_56) },
  channels: ["inapp", "email", "sms"],
  entity: { type: "Lot", id: "lot-1" },
  link: "/tenders/lot-1",
  dedupeKey: key,
  ...over,
});

describe("notify() inside a domain transaction", () => {
  it("writes and sends nothing when the transaction rolls back", async () => {
    const { user } = await bidder();
    const before = { outbox: await db.outboxJob.count(), mails: received.length };
    await expect(
      db.$transaction(async (tx) => {
        await notify(tx, input(user.id, "rolled-back"));
        throw new Error("the business change failed");
      }),
    ).rejects.toThrow("the business change failed");
    expect(await db.notification.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.notificationDelivery.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.outboxJob.count()).toBe(before.outbox);
    await new Promise((r) => setTimeout(r, 500));
    expect(received.length).toBe(before.mails);
  });

  it("on commit: an in-app row, PENDING deliveries with their outbox jobs, then a real email in Chinese and an SMS in the dev sink", async () => {
    const { user } = await bidder();
    const r = await db.$transaction(async (tx) => {
      const res = await notify(tx, input(user.id, "committed-1"));
      // Nothing is lost: the delivery rows exist, PENDING, before the transaction even commits.
      const rows = await tx.notificationDelivery.findMany({ where: { id: { in: res.deliveryIds } } });
      expect(rows.map((d) => d.status)).toEqual(["PENDING", "PENDING"]);
      return res;
    });
    expect(r.notifications).toBe(1);
    expect(r.deliveryIds).toHaveLength(2);

    const inapp = await db.notification.findMany({ where: { userId: user.id } });
    expect(inapp).toHaveLength(1);
    expect(inapp[0]!.readAt).toBeNull();
    const outbox = await db.outboxJob.findMany({ where: { jobId: { in: r.deliveryIds } } });
    expect(outbox.map((o) => o.name)).toEqual(["deliverNotification", "deliverNotification"]);
    expect(outbox.every((o) => o.queue === "notify")).toBe(true);

    const [emailRow] = await db.notificationDelivery.findMany({ where: { userId: user.id, channel: "EMAIL" } });
    expect(emailRow!.notificationId).toBe(inapp[0]!.id);
    expect(emailRow!.address).toBe(user.email);
    const sent = await delivered(emailRow!.id);
    expect(sent.attempts).toBe(1);
    expect(sent.sentAt).toBeInstanceOf(Date);
    expect(sent.providerId).toMatch(/@/); // the SMTP Message-ID

    const mail = parseMail((await mailTo(user.email)).raw);
    expect(mail.headers.subject).toBe("测试通知：市政道路改造工程");
    expect(mail.text).toContain("这是一条测试通知，发送时间 2026年12月3日 09:30。");
    expect(mail.text).toContain("金额：¥1,234.56");
    expect(mail.text).toContain("查看详情: https://ggzy.example.cn/tenders/lot-1");
    expect(mail.html).toContain("<h1");
    expect(mail.html).toContain("测试通知：市政道路改造工程");
    expect(mail.headers.from).toContain("noreply@ggzy.local");

    const sms = await delivered((await db.notificationDelivery.findFirstOrThrow({ where: { userId: user.id, channel: "SMS" } })).id);
    expect(sms.address).toBe("13800138000");
    expect(sms.providerId).toMatch(/^dev-sink-sms-/);
    expect(sms.content).toBe("【示范市公共资源交易中心】测试通知：市政道路改造工程");

    const audit = await db.auditEntry.findMany({ where: { action: "notification.delivered", entityId: { in: r.deliveryIds } } });
    expect(audit).toHaveLength(2);
    expect(audit[0]!.actorRole).toBe("SYSTEM");
  });

  it("renders in the recipient's language at delivery time (an English user gets English)", async () => {
    const { user } = await bidder({ locale: "en" });
    const r = await db.$transaction((tx) => notify(tx, input(user.id, "english-1", { channels: ["email", "sms"] })));
    expect(r.notifications).toBe(0); // no in-app channel asked for
    const mail = parseMail((await mailTo(user.email)).raw);
    expect(mail.headers.subject).toBe("Test notification: 市政道路改造工程");
    expect(mail.text).toContain("This is a test notification, sent at 3 Dec 2026, 09:30.");
    expect(mail.text).toContain("View details: https://ggzy.example.cn/tenders/lot-1");
    const smsRow = await db.notificationDelivery.findFirstOrThrow({ where: { userId: user.id, channel: "SMS" } });
    expect(r.deliveryIds).toContain(smsRow.id);
    const sms = await delivered(smsRow.id);
    expect(sms.content).toBe("【示范市公共资源交易中心】Test notification: 市政道路改造工程");
  });

  it("the same dedupeKey never notifies twice; a user without a phone gets a SKIPPED SMS row", async () => {
    const { user } = await bidder({ phone: "" });
    const first = await db.$transaction((tx) => notify(tx, input(user.id, "dedupe-1")));
    const again = await db.$transaction((tx) => notify(tx, input(user.id, "dedupe-1")));
    expect(first).toMatchObject({ notifications: 1, skipped: 1 });
    expect(first.deliveryIds).toHaveLength(1); // email only
    expect(again).toEqual({ notifications: 0, deliveryIds: [], liveUserIds: [], skipped: 0 });
    expect(await db.notification.count({ where: { userId: user.id } })).toBe(1);
    const sms = await db.notificationDelivery.findFirstOrThrow({ where: { userId: user.id, channel: "SMS" } });
    expect(sms.status).toBe("SKIPPED");
    expect(sms.lastError).toMatch(/phone/);
    await delivered(first.deliveryIds[0]!);
  });
});

describe("when the SMTP server is down", () => {
  it("records each failed attempt and sends once the server is back", async () => {
    const port = await freePort();
    useSmtp(port);
    const { user } = await bidder();
    const r = await db.$transaction((tx) => notify(tx, input(user.id, "smtp-back", { channels: ["email"] })));
    const id = r.deliveryIds[0]!;
    const failedOnce = await waitFor(async () => {
      const d = await db.notificationDelivery.findUniqueOrThrow({ where: { id } });
      return d.attempts >= 1 && d.lastError ? d : null;
    });
    expect(failedOnce.status).toBe("PENDING");
    expect(failedOnce.lastError).toMatch(/ECONNREFUSED|connect/i);

    const back = await startSmtpProcess(port, received);
    try {
      const sent = await delivered(id);
      expect(sent.attempts).toBeGreaterThanOrEqual(2);
      expect(sent.lastError).toBeNull();
      expect(parseMail((await mailTo(user.email)).raw).headers.subject).toBe("测试通知：市政道路改造工程");
    } finally {
      await back.stop();
    }
  });

  it("marks the delivery FAILED after the last attempt, audited, with the reason", async () => {
    useSmtp(await freePort());
    const { user } = await bidder();
    const r = await db.$transaction((tx) => notify(tx, input(user.id, "smtp-dead", { channels: ["inapp", "email"] })));
    const failed = await delivered(r.deliveryIds[0]!, "FAILED");
    expect(failed.attempts).toBe(4);
    expect(failed.sentAt).toBeNull();
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
    // What would have been sent is on the row, for the administrator who follows it up.
    expect(failed.content).toContain("测试通知：市政道路改造工程");
    const audit = await db.auditEntry.findFirst({ where: { action: "notification.delivery_failed", entityId: failed.id } });
    expect(audit).not.toBeNull();
    // The in-app copy is there regardless.
    expect(await db.notification.count({ where: { userId: user.id } })).toBe(1);
    useSmtp(smtp.port);
  });
});

describe("safety net", () => {
  it("requeueStaleDeliveries sends a PENDING delivery whose job was lost (e.g. Redis wiped after the relay)", async () => {
    const { user } = await bidder();
    // A delivery with no job anywhere: as if Redis lost it after the outbox row was relayed.
    const lost = await db.notificationDelivery.create({
      data: {
        userId: user.id,
        recipientKey: `user:${user.id}`,
        channel: "SMS",
        address: "13800138000",
        template: "notify:events.test",
        params: { subject: "丢失的任务", at: "现在", amount: "¥0.00" },
        dedupeKey: "lost-job",
        createdAt: new Date(Date.now() - 3_600_000),
      },
    });
    const { default: requeue } = await requeueStaleDeliveries.handler();
    expect(await requeue({ olderThanMinutes: 30 }, { jobId: "t", attempt: 1, progress: async () => {} })).toMatchObject({ requeued: 1 });
    const sent = await delivered(lost.id);
    expect(sent.content).toBe("【示范市公共资源交易中心】测试通知：丢失的任务");
    // Sent deliveries are not requeued again.
    expect(await requeue({ olderThanMinutes: 30 }, { jobId: "t", attempt: 1, progress: async () => {} })).toMatchObject({ requeued: 0 });
  });
});
