-- CreateEnum
CREATE TYPE "AlertNoteKind" AS ENUM ('NOTE', 'ESCALATION');

-- CreateEnum
CREATE TYPE "ComplaintStatus" AS ENUM ('RECEIVED', 'ACCEPTED', 'REJECTED', 'DECIDED');

-- CreateTable
CREATE TABLE "AlertNote" (
    "id" UUID NOT NULL,
    "alertId" UUID NOT NULL,
    "kind" "AlertNoteKind" NOT NULL DEFAULT 'NOTE',
    "text" TEXT NOT NULL,
    "authorId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Complaint" (
    "id" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "complainantOrgId" UUID NOT NULL,
    "filedById" UUID NOT NULL,
    "grounds" TEXT NOT NULL,
    "knewAt" TIMESTAMPTZ(3) NOT NULL,
    "filedAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "ComplaintStatus" NOT NULL DEFAULT 'RECEIVED',
    "acceptDueAt" TIMESTAMPTZ(3) NOT NULL,
    "acceptedAt" TIMESTAMPTZ(3),
    "decisionDueAt" TIMESTAMPTZ(3),
    "rejectedAt" TIMESTAMPTZ(3),
    "rejectionReason" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "decision" TEXT,
    "decidedById" UUID,
    "documentId" UUID,
    "suspendedByOrder" BOOLEAN NOT NULL DEFAULT false,
    "involvedOrgIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Complaint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SatisfactionRating" (
    "id" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SatisfactionRating_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AlertNote_alertId_createdAt_idx" ON "AlertNote"("alertId", "createdAt");

-- CreateIndex
CREATE INDEX "Complaint_lotId_idx" ON "Complaint"("lotId");

-- CreateIndex
CREATE INDEX "Complaint_complainantOrgId_filedAt_idx" ON "Complaint"("complainantOrgId", "filedAt");

-- CreateIndex
CREATE INDEX "Complaint_status_acceptDueAt_idx" ON "Complaint"("status", "acceptDueAt");

-- CreateIndex
CREATE INDEX "SatisfactionRating_createdAt_idx" ON "SatisfactionRating"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SatisfactionRating_lotId_orgId_key" ON "SatisfactionRating"("lotId", "orgId");

-- Hand-written: ratings are 1–5; a complaint needs grounds.
ALTER TABLE "SatisfactionRating" ADD CONSTRAINT "SatisfactionRating_score_check" CHECK (score BETWEEN 1 AND 5);
ALTER TABLE "Complaint" ADD CONSTRAINT "Complaint_grounds_check" CHECK (length(btrim(grounds)) > 0);
