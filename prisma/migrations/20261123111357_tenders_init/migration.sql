-- pg_trgm: the trigram GIN index on Lot.searchText (Chinese substring search, docs/decisions/0007).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "ProcurementType" AS ENUM ('CONSTRUCTION', 'GOVERNMENT_PROCUREMENT');

-- CreateEnum
CREATE TYPE "EvaluationMethod" AS ENUM ('LOWEST_PRICE', 'COMPREHENSIVE');

-- CreateEnum
CREATE TYPE "LotStatus" AS ENUM ('DRAFT', 'UNDER_REVIEW', 'PUBLISHED', 'BIDDING_CLOSED', 'OPENING', 'EVALUATION', 'CANDIDATES_PUBLICITY', 'AWARDED', 'ARCHIVED', 'SUSPENDED', 'CANCELLED', 'FAILED');

-- CreateEnum
CREATE TYPE "AnnouncementKind" AS ENUM ('TENDER', 'CHANGE', 'CLARIFICATION', 'CANDIDATES', 'RESULT', 'FAILED');

-- CreateEnum
CREATE TYPE "TransitionKind" AS ENUM ('CLOSE_DOCS', 'CLOSE_BIDDING', 'OPEN_HALL', 'OBJECTION_ANSWER_DUE');

-- CreateEnum
CREATE TYPE "TransitionStatus" AS ENUM ('PENDING', 'HELD', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('YELLOW', 'RED');

-- CreateTable
CREATE TABLE "Project" (
    "id" UUID NOT NULL,
    "code" VARCHAR(40) NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "procurementType" "ProcurementType" NOT NULL,
    "buyerOrgId" UUID NOT NULL,
    "agentOrgId" UUID,
    "region" VARCHAR(12) NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lot" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "lotNo" INTEGER NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "estimatedPriceFen" BIGINT NOT NULL,
    "ceilingPriceFen" BIGINT NOT NULL,
    "bondFen" BIGINT NOT NULL,
    "qualification" TEXT NOT NULL DEFAULT '',
    "evaluationMethod" "EvaluationMethod" NOT NULL,
    "criteria" JSONB NOT NULL DEFAULT '[]',
    "status" "LotStatus" NOT NULL DEFAULT 'DRAFT',
    "suspendedFrom" "LotStatus",
    "docsAvailableFrom" TIMESTAMPTZ(3) NOT NULL,
    "docsAvailableTo" TIMESTAMPTZ(3) NOT NULL,
    "clarificationCutoff" TIMESTAMPTZ(3) NOT NULL,
    "objectionCutoff" TIMESTAMPTZ(3) NOT NULL,
    "bidDeadline" TIMESTAMPTZ(3) NOT NULL,
    "decryptionWindowMinutes" INTEGER NOT NULL DEFAULT 30,
    "authorId" UUID NOT NULL,
    "reviewerId" UUID,
    "submittedAt" TIMESTAMPTZ(3),
    "rejectionReason" TEXT,
    "publishedAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "searchText" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Lot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TenderDocument" (
    "id" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "size" INTEGER NOT NULL DEFAULT 0,
    "uploadedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "withdrawnAt" TIMESTAMPTZ(3),

    CONSTRAINT "TenderDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Announcement" (
    "id" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "kind" "AnnouncementKind" NOT NULL,
    "title" VARCHAR(300) NOT NULL,
    "body" TEXT NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '[]',
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,
    "documentId" UUID,
    "public" BOOLEAN NOT NULL DEFAULT true,
    "createdById" UUID,

    CONSTRAINT "Announcement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LotRegistration" (
    "id" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "bidderOrgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "registeredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LotRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentDownload" (
    "id" BIGSERIAL NOT NULL,
    "registrationId" UUID NOT NULL,
    "tenderDocumentId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" VARCHAR(64) NOT NULL DEFAULT '',

    CONSTRAINT "DocumentDownload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Question" (
    "id" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "askedByOrgId" UUID NOT NULL,
    "askedByUserId" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "askedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answer" TEXT,
    "answeredAt" TIMESTAMPTZ(3),
    "answeredById" UUID,
    "announcementId" UUID,

    CONSTRAINT "Question_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Objection" (
    "id" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "raisedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answerDueAt" TIMESTAMPTZ(3) NOT NULL,
    "answer" TEXT,
    "answeredAt" TIMESTAMPTZ(3),
    "answeredById" UUID,

    CONSTRAINT "Objection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduledTransition" (
    "id" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "kind" "TransitionKind" NOT NULL,
    "refId" VARCHAR(64) NOT NULL DEFAULT '',
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "rev" INTEGER NOT NULL DEFAULT 0,
    "jobId" VARCHAR(200) NOT NULL,
    "status" "TransitionStatus" NOT NULL DEFAULT 'PENDING',
    "firedAt" TIMESTAMPTZ(3),
    "latenessMs" INTEGER,
    "outcome" VARCHAR(40),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScheduledTransition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" UUID NOT NULL,
    "kind" VARCHAR(40) NOT NULL,
    "severity" "AlertSeverity" NOT NULL,
    "lotId" UUID,
    "messageCode" VARCHAR(100) NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "dedupeKey" VARCHAR(200) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgedById" UUID,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Project_code_key" ON "Project"("code");

-- CreateIndex
CREATE INDEX "Project_procurementType_region_idx" ON "Project"("procurementType", "region");

-- CreateIndex
CREATE INDEX "Project_buyerOrgId_idx" ON "Project"("buyerOrgId");

-- CreateIndex
CREATE INDEX "Project_agentOrgId_idx" ON "Project"("agentOrgId");

-- CreateIndex
CREATE INDEX "Lot_status_publishedAt_idx" ON "Lot"("status", "publishedAt" DESC);

-- CreateIndex
CREATE INDEX "Lot_publishedAt_idx" ON "Lot"("publishedAt" DESC);

-- CreateIndex
CREATE INDEX "Lot_bidDeadline_idx" ON "Lot"("bidDeadline");

-- CreateIndex
CREATE INDEX "Lot_searchText_idx" ON "Lot" USING GIN ("searchText" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "Lot_projectId_lotNo_key" ON "Lot"("projectId", "lotNo");

-- CreateIndex
CREATE INDEX "TenderDocument_lotId_idx" ON "TenderDocument"("lotId");

-- CreateIndex
CREATE INDEX "Announcement_lotId_publishedAt_idx" ON "Announcement"("lotId", "publishedAt");

-- CreateIndex
CREATE INDEX "Announcement_kind_publishedAt_idx" ON "Announcement"("kind", "publishedAt" DESC);

-- CreateIndex
CREATE INDEX "Announcement_publishedAt_idx" ON "Announcement"("publishedAt" DESC);

-- CreateIndex
CREATE INDEX "LotRegistration_bidderOrgId_idx" ON "LotRegistration"("bidderOrgId");

-- CreateIndex
CREATE UNIQUE INDEX "LotRegistration_lotId_bidderOrgId_key" ON "LotRegistration"("lotId", "bidderOrgId");

-- CreateIndex
CREATE INDEX "DocumentDownload_registrationId_idx" ON "DocumentDownload"("registrationId");

-- CreateIndex
CREATE INDEX "Question_lotId_askedAt_idx" ON "Question"("lotId", "askedAt");

-- CreateIndex
CREATE INDEX "Objection_lotId_raisedAt_idx" ON "Objection"("lotId", "raisedAt");

-- CreateIndex
CREATE INDEX "Objection_answeredAt_answerDueAt_idx" ON "Objection"("answeredAt", "answerDueAt");

-- CreateIndex
CREATE INDEX "ScheduledTransition_status_dueAt_idx" ON "ScheduledTransition"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduledTransition_lotId_kind_refId_key" ON "ScheduledTransition"("lotId", "kind", "refId");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_dedupeKey_key" ON "Alert"("dedupeKey");

-- CreateIndex
CREATE INDEX "Alert_acknowledgedAt_createdAt_idx" ON "Alert"("acknowledgedAt", "createdAt");

-- CreateIndex
CREATE INDEX "Alert_lotId_idx" ON "Alert"("lotId");

-- AddForeignKey
ALTER TABLE "Lot" ADD CONSTRAINT "Lot_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TenderDocument" ADD CONSTRAINT "TenderDocument_lotId_fkey" FOREIGN KEY ("lotId") REFERENCES "Lot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Announcement" ADD CONSTRAINT "Announcement_lotId_fkey" FOREIGN KEY ("lotId") REFERENCES "Lot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LotRegistration" ADD CONSTRAINT "LotRegistration_lotId_fkey" FOREIGN KEY ("lotId") REFERENCES "Lot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentDownload" ADD CONSTRAINT "DocumentDownload_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "LotRegistration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Question" ADD CONSTRAINT "Question_lotId_fkey" FOREIGN KEY ("lotId") REFERENCES "Lot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objection" ADD CONSTRAINT "Objection_lotId_fkey" FOREIGN KEY ("lotId") REFERENCES "Lot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduledTransition" ADD CONSTRAINT "ScheduledTransition_lotId_fkey" FOREIGN KEY ("lotId") REFERENCES "Lot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---- hand-written (not managed by Prisma) ----

-- Amounts in fen: never negative, never beyond 10^15 fen (10 trillion yuan) — the domain refuses first,
-- the database makes sure.
ALTER TABLE "Lot" ADD CONSTRAINT "Lot_amounts_range" CHECK (
  "estimatedPriceFen" BETWEEN 0 AND 1000000000000000
  AND "ceilingPriceFen" BETWEEN 0 AND 1000000000000000
  AND "bondFen" BETWEEN 0 AND 1000000000000000);
ALTER TABLE "Lot" ADD CONSTRAINT "Lot_instants_order" CHECK (
  "docsAvailableFrom" < "docsAvailableTo"
  AND "docsAvailableTo" <= "bidDeadline"
  AND "clarificationCutoff" <= "bidDeadline"
  AND "objectionCutoff" <= "bidDeadline");
ALTER TABLE "Lot" ADD CONSTRAINT "Lot_lotNo_positive" CHECK ("lotNo" >= 1);
ALTER TABLE "Lot" ADD CONSTRAINT "Lot_decryption_window" CHECK ("decryptionWindowMinutes" BETWEEN 5 AND 240);

-- Lot.searchText = lower(project title + lot title + project code), kept here so that every writer (domain
-- functions, bulk imports, the benchmark's seed) gets it right.
CREATE FUNCTION lot_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT lower(p.title || ' ' || NEW.title || ' ' || p.code) INTO NEW."searchText"
    FROM "Project" p WHERE p.id = NEW."projectId";
  RETURN NEW;
END $$;
CREATE TRIGGER lot_search_text BEFORE INSERT OR UPDATE OF title, "projectId" ON "Lot"
  FOR EACH ROW EXECUTE FUNCTION lot_search_text();

CREATE FUNCTION project_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Lot" SET "searchText" = lower(NEW.title || ' ' || title || ' ' || NEW.code) WHERE "projectId" = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER project_search_text AFTER UPDATE OF title, code ON "Project"
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.code IS DISTINCT FROM NEW.code)
  EXECUTE FUNCTION project_search_text();
