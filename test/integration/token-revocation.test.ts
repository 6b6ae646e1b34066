import { describe, expect, it } from "vitest";
import { changePassword } from "~/domain/accounts/change-password";
import { hashPassword } from "~/domain/accounts/password-hash";
import { resetTotp } from "~/domain/accounts/reset-totp";
import { createApiToken, resolveApiToken } from "~/domain/bids/api-tokens";
import { useTestDb } from "../support/db";
import { makeOrg, makeUser } from "./tenders-fixtures";

/** Issue 13 point 9: a bidder's API tokens do not survive a password change or a TOTP reset. */
const { db } = await useTestDb();
const OLD = "Old-Passw0rd#2026";

async function bidderWithToken() {
  const org = await makeOrg(db, "BIDDER", "某投标公司");
  const bidder = await makeUser(db, org.id, "BIDDER", "投标经办");
  await db.user.update({ where: { id: bidder.userId! }, data: { passwordHash: await hashPassword(OLD) } });
  const { token } = await createApiToken(bidder, { name: "ci", days: 30 });
  expect(await resolveApiToken(token)).not.toBeNull();
  return { bidder, token };
}

describe("API tokens end with the credentials they were issued under", () => {
  it("a password change revokes every token of the user", async () => {
    const { bidder, token } = await bidderWithToken();
    await changePassword(bidder, { currentPassword: OLD, password: "Zx7!kq-Lamp-Tender-88", confirmPassword: "Zx7!kq-Lamp-Tender-88" });
    expect(await resolveApiToken(token)).toBeNull();
    expect((await db.apiToken.findFirstOrThrow({ where: { userId: bidder.userId! } })).revokedAt).not.toBeNull();
  });

  it("a TOTP reset by the security admin revokes them too", async () => {
    const { bidder, token } = await bidderWithToken();
    const sec = await makeUser(db, (await makeOrg(db, "CENTRE", "交易中心")).id, "SECURITY_ADMIN", "安全管理员");
    await resetTotp(sec, { userId: bidder.userId! });
    expect(await resolveApiToken(token)).toBeNull();
  });
});
