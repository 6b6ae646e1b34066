import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser } from "mailparser";
import { assertCan } from "~/domain/accounts/permissions";
import type { Actor } from "~/domain/actor";
import { getEnv } from "~/lib/env.server";

export interface DevMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string;
  subject: string;
  text: string;
}

export interface DevMailbox {
  /** False in a real deployment (SMTP_URL set, no sink): the page says mail goes out for real. */
  enabled: boolean;
  messages: DevMail[];
  total: number;
}

const SHOWN = 50;
const NAME = /^(\d{15})-([0-9a-f-]{36})\.eml$/;

/**
 * The development mailbox (scripts/mail-sink.ts): the latest messages the portal sent while no real SMTP
 * server was configured, newest first, as plain text (never the HTML part: it is shown inside our page).
 */
export async function listDevMail(actor: Actor): Promise<DevMailbox> {
  assertCan(actor, "devmail.read");
  const dir = getEnv().MAIL_SINK_DIR;
  if (!dir) return { enabled: false, messages: [], total: 0 };
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => NAME.test(n)).sort().reverse();
  const messages = await Promise.all(
    names.slice(0, SHOWN).map(async (name): Promise<DevMail> => {
      const [, ms = "0", id = name] = NAME.exec(name) ?? [];
      const mail = await simpleParser(await readFile(path.join(dir, name)));
      const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(", ") : (mail.to?.text ?? "");
      return { id, receivedAt: new Date(Number(ms)).toISOString(), from: mail.from?.text ?? "", to, subject: mail.subject ?? "", text: (mail.text ?? "").slice(0, 20_000) };
    }),
  );
  return { enabled: true, messages, total: names.length };
}
