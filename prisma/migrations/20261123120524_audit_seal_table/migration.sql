-- Audit log redesign (docs/decisions/0009-audit-seal-table.md): AuditEntry becomes strictly insert-only and
-- the hash chain moves into its own insert-only table, AuditSeal. Written in data-preserving order (the
-- Prisma diff would drop the chain columns first): create AuditSeal, copy the existing chain into it,
-- then drop the old columns, trigger and indexes.

-- The old guard allowed the one sealing UPDATE; it goes first (it reads the columns dropped below).
DROP TRIGGER audit_entry_guard ON "AuditEntry";
DROP FUNCTION audit_entry_guard();

-- CreateTable
CREATE TABLE "AuditSeal" (
    "seq" BIGINT NOT NULL,
    "entryId" BIGINT NOT NULL,
    "prevHash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,
    "sealedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditSeal_pkey" PRIMARY KEY ("seq")
);

-- The chain sealed so far, unchanged (same seq, hashes and sealing time).
INSERT INTO "AuditSeal" ("seq", "entryId", "prevHash", "hash", "sealedAt")
SELECT "seq", "id", "prevHash", "hash", coalesce("sealedAt", CURRENT_TIMESTAMP)
  FROM "AuditEntry" WHERE "seq" IS NOT NULL ORDER BY "seq";

-- DropIndex
DROP INDEX "AuditEntry_unsealed_idx";
DROP INDEX "AuditEntry_action_idx";
DROP INDEX "AuditEntry_actorId_idx";
DROP INDEX "AuditEntry_actorOrgId_idx";
DROP INDEX "AuditEntry_at_idx";
DROP INDEX "AuditEntry_entityType_entityId_idx";
DROP INDEX "AuditEntry_hash_key";
DROP INDEX "AuditEntry_seq_key";

-- AlterTable (json keeps the canonical text appendAudit writes; rows converted from jsonb keep their
-- values and are simply re-canonicalised by the verifier)
ALTER TABLE "AuditEntry" DROP COLUMN "hash",
DROP COLUMN "prevHash",
DROP COLUMN "sealedAt",
DROP COLUMN "seq",
ALTER COLUMN "detail" SET DATA TYPE JSON,
ALTER COLUMN "detail" SET DEFAULT '{}';

-- CreateIndex
CREATE UNIQUE INDEX "AuditSeal_entryId_key" ON "AuditSeal"("entryId");

-- CreateIndex
CREATE UNIQUE INDEX "AuditSeal_hash_key" ON "AuditSeal"("hash");

-- CreateIndex
CREATE INDEX "AuditEntry_action_id_idx" ON "AuditEntry"("action", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_entityType_entityId_id_idx" ON "AuditEntry"("entityType", "entityId", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_actorId_id_idx" ON "AuditEntry"("actorId", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_actorOrgId_id_idx" ON "AuditEntry"("actorOrgId", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry" USING BRIN ("at");

-- AddForeignKey
ALTER TABLE "AuditSeal" ADD CONSTRAINT "AuditSeal_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "AuditEntry"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- ---------------------------------------------------------------------------------------------------
-- Hand-written: both tables are insert-only at the database level. Statement-level triggers refuse every
-- UPDATE and DELETE statement (even one that matches no row) and TRUNCATE, for every role including the
-- application's own. A superuser can disable triggers; the chain and the published checkpoints catch
-- that (docs/audit-log.md). audit_refuse_truncate() comes from the init migration.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_entry_guard BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

CREATE TRIGGER audit_seal_guard BEFORE UPDATE OR DELETE ON "AuditSeal"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON "AuditSeal"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
