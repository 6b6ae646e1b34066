import { createHash, randomBytes } from "node:crypto";
import { requireOrgId, type Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import type { Role } from "~/generated/prisma/enums";
import { getDb, pgPoolOf, type Db } from "~/lib/db.server";
import { MAX_TOKEN_DAYS, TOKEN_PREFIX } from "./api-token-limits";
import { UUID_PATTERN as UUID } from "~/lib/uuid";

export { MAX_TOKEN_DAYS, TOKEN_PREFIX };

/**
 * Personal API tokens of bidder users, for `npm run bid:submit` and bidders' own tools. A token is
 * "ggzy_pat_" + 32 random bytes (base64url); only its SHA-256 is stored, so a database dump logs no one
 * in. It is shown once, at creation. Tokens carry the user's own bid permissions and nothing more
 * (managing tokens and keys needs the browser session), expire, and can be revoked.
 */
const TOKEN_RE = /^ggzy_pat_[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createApiToken(actor: Actor, input: { name: string; days: number }, db: Db = getDb()) {
  assertCan(actor, "bid.submit");
  const orgId = requireOrgId(actor);
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) throw new DomainError("bids:errors.tokenName", {}, 422, "name");
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_TOKEN_DAYS) {
    throw new DomainError("bids:errors.tokenDays", { max: MAX_TOKEN_DAYS }, 422, "days");
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        userId: actor.userId,
        orgId,
        name,
        tokenHash: hashToken(token),
        prefix: token.slice(0, 13),
        expiresAt: new Date(Date.now() + input.days * 86_400_000),
      },
    });
    await appendAudit(tx, actor, {
      action: "apitoken.created",
      entityType: "ApiToken",
      entityId: row.id,
      after: { ...row, tokenHash: undefined },
      detail: { name, prefix: row.prefix, expiresAt: row.expiresAt },
    });
    return { id: row.id, token, prefix: row.prefix, expiresAt: row.expiresAt };
  });
}

export async function revokeApiToken(actor: Actor, input: { id: string }, db: Db = getDb()) {
  assertCan(actor, "bid.submit");
  if (!UUID.test(input.id)) throw new DomainError("bids:errors.tokenNotFound", {}, 404);
  return db.$transaction(async (tx) => {
    const row = await tx.apiToken.findFirst({ where: { id: input.id, userId: actor.userId ?? "" } });
    if (!row) throw new DomainError("bids:errors.tokenNotFound", {}, 404);
    if (row.revokedAt) return { id: row.id };
    await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await appendAudit(tx, actor, { action: "apitoken.revoked", entityType: "ApiToken", entityId: row.id, detail: { prefix: row.prefix } });
    return { id: row.id };
  });
}

export async function listApiTokens(actor: Actor, db: Db = getDb()) {
  assertCan(actor, "bid.submit");
  return db.apiToken.findMany({
    where: { userId: actor.userId ?? "" },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, expiresAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/**
 * The user a bearer token stands for, or null (unknown, malformed, revoked, expired, or the account is
 * disabled). lastUsedAt is refreshed at most once a minute, so a deadline rush does not write per request.
 * Token and user in one plain-SQL query on the client's pool: every bid API call (each upload, each
 * finalise) starts here (ADR 0027).
 */
export async function resolveApiToken(token: string, db: Db = getDb()) {
  if (!TOKEN_RE.test(token)) return null;
  const pool = pgPoolOf(db);
  const { rows } = await pool.query<{
    tokenId: string; tokenOrgId: string; expiresAt: Date; revokedAt: Date | null; lastUsedAt: Date | null;
    id: string; role: Role; orgId: string; status: string; locale: string;
  }>({
    name: "api-token-resolve-v1",
    text: `
      SELECT t.id AS "tokenId", t."orgId" AS "tokenOrgId", t."expiresAt", t."revokedAt", t."lastUsedAt",
             u.id, u.role::text AS role, u."orgId", u.status::text AS status, u.locale
        FROM "ApiToken" t JOIN "User" u ON u.id = t."userId"
       WHERE t."tokenHash" = $1`,
    values: [hashToken(token)],
  });
  const row = rows[0];
  if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return null;
  if (row.status !== "ACTIVE" || row.orgId !== row.tokenOrgId) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await pool.query({ name: "api-token-used-v1", text: `UPDATE "ApiToken" SET "lastUsedAt" = $2 WHERE id = $1::uuid`, values: [row.tokenId, new Date()] });
  }
  return { tokenId: row.tokenId, user: { id: row.id, role: row.role, orgId: row.orgId, status: row.status, locale: row.locale } };
}
