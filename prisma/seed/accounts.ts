/**
 * Seeds the demo centre's organisations and accounts. Idempotent: an organisation (by credit code) or an
 * account (by username) that exists already is left exactly as it is — a password changed since is kept —
 * so this runs on every `npm start`. Everything is created in one transaction, each creation audited
 * (actor SYSTEM) in it, with the accounts module's own rules: valid credit codes, the password policy,
 * role ↔ organisation kind, argon2id hashing and TOTP-secret encryption.
 */
import { checkPasswordPolicy } from "~/domain/accounts/check-password-policy";
import { hashPassword } from "~/domain/accounts/password-hash";
import { assertRoleFitsOrg, isMfaRequired } from "~/domain/accounts/roles";
import { encryptTotpSecret } from "~/domain/accounts/totp";
import { validateCreditCode } from "~/domain/accounts/validate-credit-code";
import { systemActor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import type { Db } from "~/lib/db.server";
import { DEMO_ORGS, DEMO_PASSWORDS, DEMO_TOTP_SECRET, DEMO_USERS, demoEmail } from "./demo-data";

const actor = systemActor("seed");

/** Fails loudly if the demo data itself breaks a rule, rather than seeding accounts nobody could create. */
function assertDemoDataValid() {
  for (const o of DEMO_ORGS) {
    const r = validateCreditCode(o.creditCode);
    if (!r.ok) throw new Error(`demo org ${o.name}: credit code ${o.creditCode} invalid (${r.problem})`);
  }
  for (const u of DEMO_USERS) {
    const problems = checkPasswordPolicy(DEMO_PASSWORDS[u.role], { username: u.username });
    if (problems.length) throw new Error(`demo password of ${u.username} breaks the policy: ${problems.join(", ")}`);
    assertRoleFitsOrg(u.role, DEMO_ORGS.find((o) => o.key === u.orgKey)!.kind);
  }
}

export async function seedAccounts(db: Db): Promise<{ organisations: number; accounts: number }> {
  assertDemoDataValid();
  const codes = DEMO_ORGS.map((o) => o.creditCode);
  const existingOrgs = new Set((await db.organisation.findMany({ where: { creditCode: { in: codes } }, select: { creditCode: true } })).map((o) => o.creditCode));
  const existingUsers = new Set(
    (await db.user.findMany({ where: { username: { in: DEMO_USERS.map((u) => u.username) } }, select: { username: true } })).map((u) => u.username),
  );
  const newOrgs = DEMO_ORGS.filter((o) => !existingOrgs.has(o.creditCode));
  const newUsers = DEMO_USERS.filter((u) => !existingUsers.has(u.username));
  if (newOrgs.length === 0 && newUsers.length === 0) return { organisations: 0, accounts: 0 };

  // Hash outside the transaction (CPU work, ~60 ms each) and only for accounts still to be created.
  const hashes = new Map(await Promise.all(newUsers.map(async (u) => [u.username, await hashPassword(DEMO_PASSWORDS[u.role])] as const)));

  await db.$transaction(
    async (tx) => {
      for (const { key: _key, ...data } of newOrgs) {
        const org = await tx.organisation.create({ data });
        await appendAudit(tx, actor, {
          action: "org.created",
          entityType: "organisation",
          entityId: org.id,
          after: { kind: org.kind, name: org.name, creditCode: org.creditCode },
          detail: { name: org.name, kind: org.kind, seed: true },
        });
      }
      const orgIds = new Map((await tx.organisation.findMany({ where: { creditCode: { in: codes } }, select: { id: true, creditCode: true } })).map((o) => [o.creditCode, o.id]));
      for (const u of newUsers) {
        const org = DEMO_ORGS.find((o) => o.key === u.orgKey)!;
        // Accounts that must use a second factor get the known demo secret, already enrolled.
        const mfa = isMfaRequired(u.role);
        const user = await tx.user.create({
          data: {
            orgId: orgIds.get(org.creditCode)!,
            username: u.username,
            displayName: u.displayName,
            email: demoEmail(u.username),
            phone: u.phone,
            role: u.role,
            passwordHash: hashes.get(u.username)!,
            passwordChangedAt: new Date(),
            totpSecretEnc: mfa ? encryptTotpSecret(DEMO_TOTP_SECRET) : null,
            totpEnabled: mfa,
          },
        });
        await appendAudit(tx, actor, {
          action: "account.created",
          entityType: "user",
          entityId: user.id,
          after: { username: user.username, role: user.role, orgId: user.orgId },
          detail: { username: user.username, role: user.role, org: org.name, seed: true },
        });
      }
    },
    { timeout: 30_000 },
  );
  return { organisations: newOrgs.length, accounts: newUsers.length };
}
