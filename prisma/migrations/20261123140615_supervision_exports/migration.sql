-- CreateEnum
CREATE TYPE "AuditExportStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "AuditExport" (
    "id" UUID NOT NULL,
    "requestedById" UUID NOT NULL,
    "filter" VARCHAR(1000) NOT NULL,
    "upToSeq" BIGINT NOT NULL,
    "status" "AuditExportStatus" NOT NULL DEFAULT 'QUEUED',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "documentId" UUID,
    "error" VARCHAR(200),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AuditExport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditExport_requestedById_createdAt_idx" ON "AuditExport"("requestedById", "createdAt");
