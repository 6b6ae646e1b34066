-- CreateEnum
CREATE TYPE "OrgKind" AS ENUM ('CENTRE', 'BUYER', 'AGENT', 'BIDDER', 'SUPERVISION', 'OTHER');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('BIDDER', 'STAFF', 'EXPERT', 'SUPERVISOR', 'SOCIAL_SUPERVISOR', 'SYSTEM_ADMIN', 'SECURITY_ADMIN', 'AUDIT_ADMIN');

-- CreateEnum
CREATE TYPE "AccountStatus" AS ENUM ('ACTIVE', 'DISABLED');

-- CreateTable
CREATE TABLE "Organisation" (
    "id" UUID NOT NULL,
    "kind" "OrgKind" NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "creditCode" CHAR(18) NOT NULL,
    "region" VARCHAR(12) NOT NULL DEFAULT '',
    "address" VARCHAR(300) NOT NULL DEFAULT '',
    "contactName" VARCHAR(100) NOT NULL DEFAULT '',
    "contactPhone" VARCHAR(30) NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "username" VARCHAR(64) NOT NULL,
    "displayName" VARCHAR(100) NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "phone" VARCHAR(30) NOT NULL DEFAULT '',
    "role" "Role" NOT NULL,
    "status" "AccountStatus" NOT NULL DEFAULT 'ACTIVE',
    "passwordHash" TEXT NOT NULL,
    "totpSecretEnc" TEXT,
    "totpEnabled" BOOLEAN NOT NULL DEFAULT false,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "locale" VARCHAR(10) NOT NULL DEFAULT 'zh-CN',
    "lastLoginAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" CHAR(64) NOT NULL,
    "userId" UUID NOT NULL,
    "mfaPassed" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "ip" VARCHAR(64) NOT NULL DEFAULT '',
    "userAgent" VARCHAR(400) NOT NULL DEFAULT '',

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actorId" UUID,
    "actorRole" VARCHAR(32) NOT NULL,
    "actorOrgId" UUID,
    "action" VARCHAR(64) NOT NULL,
    "entityType" VARCHAR(40) NOT NULL,
    "entityId" VARCHAR(64) NOT NULL,
    "beforeDigest" CHAR(64),
    "afterDigest" CHAR(64),
    "detail" JSONB NOT NULL DEFAULT '{}',
    "ip" VARCHAR(64) NOT NULL DEFAULT '',
    "userAgent" VARCHAR(400) NOT NULL DEFAULT '',
    "seq" BIGINT,
    "prevHash" CHAR(64),
    "hash" CHAR(64),
    "sealedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" UUID NOT NULL,
    "day" CHAR(10) NOT NULL,
    "headSeq" BIGINT NOT NULL,
    "headHash" CHAR(64) NOT NULL,
    "count" BIGINT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "documentId" UUID,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" UUID NOT NULL,
    "kind" VARCHAR(40) NOT NULL,
    "number" VARCHAR(60) NOT NULL,
    "title" VARCHAR(300) NOT NULL,
    "mime" VARCHAR(100) NOT NULL DEFAULT 'application/pdf',
    "storageKey" VARCHAR(300) NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "size" INTEGER NOT NULL,
    "entityType" VARCHAR(40) NOT NULL,
    "entityId" VARCHAR(64) NOT NULL,
    "ownerOrgId" UUID,
    "public" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentCounter" (
    "prefix" VARCHAR(40) NOT NULL,
    "value" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DocumentCounter_pkey" PRIMARY KEY ("prefix")
);

-- CreateTable
CREATE TABLE "OutboxJob" (
    "id" BIGSERIAL NOT NULL,
    "queue" VARCHAR(64) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "jobId" VARCHAR(200) NOT NULL,
    "payload" JSONB NOT NULL,
    "runAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatchedAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "OutboxJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_creditCode_key" ON "Organisation"("creditCode");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_orgId_idx" ON "User"("orgId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_seq_key" ON "AuditEntry"("seq");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_hash_key" ON "AuditEntry"("hash");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_entityType_entityId_idx" ON "AuditEntry"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditEntry_actorId_idx" ON "AuditEntry"("actorId");

-- CreateIndex
CREATE INDEX "AuditEntry_actorOrgId_idx" ON "AuditEntry"("actorOrgId");

-- CreateIndex
CREATE INDEX "AuditEntry_action_idx" ON "AuditEntry"("action");

-- CreateIndex
CREATE UNIQUE INDEX "AuditCheckpoint_day_key" ON "AuditCheckpoint"("day");

-- CreateIndex
CREATE UNIQUE INDEX "Document_number_key" ON "Document"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Document_storageKey_key" ON "Document"("storageKey");

-- CreateIndex
CREATE INDEX "Document_entityType_entityId_idx" ON "Document"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "OutboxJob_dispatchedAt_id_idx" ON "OutboxJob"("dispatchedAt", "id");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit log is append-only at the database level: not even the application role or an admin can
-- rewrite history quietly. The only UPDATE allowed is the sealer giving an unsealed entry its chain
-- position and hashes, once. (A superuser can disable triggers: the hash chain and the published
-- checkpoints are what catch that, see docs/decisions/0003-audit-chain.md.)
CREATE FUNCTION audit_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND OLD.seq IS NULL
     AND NEW.seq IS NOT NULL AND NEW.hash IS NOT NULL AND NEW."prevHash" IS NOT NULL
     AND (NEW.id, NEW.at, NEW."actorId", NEW."actorRole", NEW."actorOrgId", NEW.action, NEW."entityType",
          NEW."entityId", NEW."beforeDigest", NEW."afterDigest", NEW.detail, NEW.ip, NEW."userAgent")
         IS NOT DISTINCT FROM
         (OLD.id, OLD.at, OLD."actorId", OLD."actorRole", OLD."actorOrgId", OLD.action, OLD."entityType",
          OLD."entityId", OLD."beforeDigest", OLD."afterDigest", OLD.detail, OLD.ip, OLD."userAgent") THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'AuditEntry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_entry_guard BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION audit_entry_guard();

CREATE FUNCTION audit_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();

-- Unsealed entries are found by this partial index; it stays tiny because the sealer keeps up.
CREATE INDEX "AuditEntry_unsealed_idx" ON "AuditEntry"(id) WHERE hash IS NULL;

-- A checkpoint is immutable too, except that its PDF is attached once after it is written.
CREATE FUNCTION audit_checkpoint_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."documentId" IS NULL
     AND (NEW.id, NEW.day, NEW."headSeq", NEW."headHash", NEW.count, NEW."createdAt")
         IS NOT DISTINCT FROM (OLD.id, OLD.day, OLD."headSeq", OLD."headHash", OLD.count, OLD."createdAt") THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'AuditCheckpoint is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_checkpoint_guard BEFORE UPDATE OR DELETE ON "AuditCheckpoint"
  FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_guard();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON "AuditCheckpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
