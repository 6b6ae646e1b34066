import { randomBytes } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { publicActor, systemActor } from "~/domain/actor";
import { hashPassword } from "~/domain/accounts/password-hash";
import { encryptTotpSecret, generateTotpSecret } from "~/domain/accounts/totp";
import { creditCodeCheckChar } from "~/domain/accounts/validate-credit-code";
import type { OrgKind, Role } from "~/generated/prisma/enums";
import type { Db } from "~/lib/db.server";

/** Shared helpers for the accounts integration tests (test/integration/accounts-*.test.ts). */
export const GOOD_PASSWORD = "Tender#Fuzhou9";

/** A valid, unique credit code: random 8-digit organisation body, check character computed. */
export function freshCreditCode(prefix = "91", region = "350100"): string {
  const body = [...randomBytes(8)].map((b) => String(b % 10)).join("") + "X";
  const first17 = `${prefix}${region}${body}`;
  return first17 + creditCodeCheckChar(first17);
}

export function registerInput(over: Record<string, unknown> = {}) {
  const n = randomBytes(3).toString("hex");
  return {
    companyName: `福州蓝天建设有限公司${n}`,
    creditCode: freshCreditCode(),
    region: "350100",
    address: "福州市鼓楼区五四路 1 号",
    contactName: "张三",
    contactPhone: "0591-88888888",
    username: `lantian${n}`,
    displayName: "张三",
    email: `lantian${n}@example.com`,
    phone: "13800000000",
    password: GOOD_PASSWORD,
    confirmPassword: GOOD_PASSWORD,
    ...over,
  };
}

export async function makeOrg(db: Db, kind: OrgKind = "CENTRE") {
  return db.organisation.create({
    data: { kind, name: `测试单位${randomBytes(3).toString("hex")}`, creditCode: freshCreditCode(kind === "BIDDER" ? "91" : "12"), region: "350100" },
  });
}

/** A user straight in the table (bypassing createAccount), optionally already enrolled in TOTP. */
export async function makeUser(db: Db, opts: { role: Role; orgKind?: OrgKind; totp?: boolean; password?: string }) {
  const org = await makeOrg(db, opts.orgKind ?? (opts.role === "BIDDER" ? "BIDDER" : opts.role === "SUPERVISOR" ? "SUPERVISION" : "CENTRE"));
  const secret = generateTotpSecret();
  const username = `u${randomBytes(5).toString("hex")}`;
  const user = await db.user.create({
    data: {
      orgId: org.id,
      username,
      displayName: "测试用户",
      email: `${username}@example.com`,
      role: opts.role,
      passwordHash: await hashPassword(opts.password ?? GOOD_PASSWORD),
      totpSecretEnc: opts.totp ? encryptTotpSecret(secret) : null,
      totpEnabled: !!opts.totp,
    },
  });
  const actor: Actor = { userId: user.id, role: opts.role, orgId: org.id, ip: "10.0.0.1", userAgent: "vitest" };
  return { user, org, secret, actor, username };
}

export const visitor = (ip = "10.0.0.9") => publicActor(ip, "vitest");
export const system = () => systemActor("vitest");

export async function counts(db: Db) {
  const [orgs, users, audits, outbox, sessions] = await Promise.all([
    db.organisation.count(),
    db.user.count(),
    db.auditEntry.count(),
    db.outboxJob.count(),
    db.session.count(),
  ]);
  return { orgs, users, audits, outbox, sessions };
}

export async function expectRejects(p: Promise<unknown>): Promise<{ code: string; status: number; field?: string; fieldErrors?: Record<string, string[]> }> {
  try {
    await p;
  } catch (e) {
    return e as never;
  }
  throw new Error("expected a refusal, but the call succeeded");
}
