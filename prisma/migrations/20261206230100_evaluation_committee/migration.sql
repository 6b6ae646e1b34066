-- CreateEnum
CREATE TYPE "EvaluationStage" AS ENUM ('SIGN_IN', 'REVIEW', 'SCORING', 'SIGNING', 'DONE');

-- CreateEnum
CREATE TYPE "EvaluationMemberKind" AS ENUM ('EXPERT', 'BUYER_REPRESENTATIVE');

-- CreateEnum
CREATE TYPE "EvaluationMemberStatus" AS ENUM ('SEATED', 'REMOVED');

-- CreateEnum
CREATE TYPE "EvaluationBidStatus" AS ENUM ('VALID', 'REJECTED');

-- CreateEnum
CREATE TYPE "ScoreSheetStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'VOID');

-- CreateEnum
CREATE TYPE "ReportSignatureKind" AS ENUM ('SIGNED', 'DISSENTED');

-- CreateTable
CREATE TABLE "EvaluationSession" (
    "id" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "profile" "ProcurementType" NOT NULL,
    "method" "EvaluationMethod" NOT NULL,
    "stage" "EvaluationStage" NOT NULL DEFAULT 'SIGN_IN',
    "criteria" JSONB NOT NULL,
    "requirements" JSONB NOT NULL,
    "params" JSONB NOT NULL,
    "startedById" UUID NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "extensions" INTEGER NOT NULL DEFAULT 0,
    "chairMemberId" UUID,
    "results" JSONB,
    "reportDocumentId" UUID,
    "reportSha256" CHAR(64),
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "EvaluationSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvaluationMember" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "seat" INTEGER NOT NULL,
    "kind" "EvaluationMemberKind" NOT NULL,
    "status" "EvaluationMemberStatus" NOT NULL DEFAULT 'SEATED',
    "userId" UUID,
    "expertId" UUID,
    "drawMemberId" UUID,
    "name" VARCHAR(100) NOT NULL,
    "signedInAt" TIMESTAMPTZ(3),
    "declaredAt" TIMESTAMPTZ(3),
    "conflict" BOOLEAN,
    "conflictNote" VARCHAR(500),
    "removedAt" TIMESTAMPTZ(3),
    "replacesMemberId" UUID,
    "chairVoteId" UUID,
    "moreTimeAt" TIMESTAMPTZ(3),
    "signature" "ReportSignatureKind",
    "signedAt" TIMESTAMPTZ(3),
    "dissent" TEXT,
    "signedReportSha256" CHAR(64),

    CONSTRAINT "EvaluationMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvaluationCode" (
    "id" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "purpose" VARCHAR(20) NOT NULL,
    "codeHash" CHAR(64) NOT NULL,
    "boundTo" CHAR(64),
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EvaluationCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvaluationBid" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "bidId" UUID NOT NULL,
    "bidderOrgId" UUID NOT NULL,
    "bidderName" VARCHAR(200) NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "priceFen" BIGINT NOT NULL,
    "flags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "EvaluationBidStatus" NOT NULL DEFAULT 'VALID',
    "rejectGround" VARCHAR(60),
    "rejectReason" TEXT,
    "rejectedAt" TIMESTAMPTZ(3),

    CONSTRAINT "EvaluationBid_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvaluationClarification" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "evaluationBidId" UUID NOT NULL,
    "bidderOrgId" UUID NOT NULL,
    "kind" VARCHAR(30) NOT NULL,
    "question" TEXT NOT NULL,
    "askedAt" TIMESTAMPTZ(3) NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "answer" TEXT,
    "answeredAt" TIMESTAMPTZ(3),
    "answeredById" UUID,

    CONSTRAINT "EvaluationClarification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PreliminaryCheck" (
    "memberId" UUID NOT NULL,
    "evaluationBidId" UUID NOT NULL,
    "requirementKey" VARCHAR(40) NOT NULL,
    "sessionId" UUID NOT NULL,
    "pass" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PreliminaryCheck_pkey" PRIMARY KEY ("memberId","evaluationBidId","requirementKey")
);

-- CreateTable
CREATE TABLE "RejectionProposal" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "evaluationBidId" UUID NOT NULL,
    "ground" VARCHAR(60) NOT NULL,
    "reason" TEXT NOT NULL,
    "proposedById" UUID NOT NULL,
    "proposedAt" TIMESTAMPTZ(3) NOT NULL,
    "adopted" BOOLEAN,
    "decidedAt" TIMESTAMPTZ(3),

    CONSTRAINT "RejectionProposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RejectionVote" (
    "proposalId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "agree" BOOLEAN NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RejectionVote_pkey" PRIMARY KEY ("proposalId","memberId")
);

-- CreateTable
CREATE TABLE "ScoreSheet" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "status" "ScoreSheetStatus" NOT NULL DEFAULT 'DRAFT',
    "scores" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "submittedAt" TIMESTAMPTZ(3),
    "sha256" CHAR(64),

    CONSTRAINT "ScoreSheet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScoreRevision" (
    "id" UUID NOT NULL,
    "sheetId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "beforeSha256" CHAR(64) NOT NULL,
    "afterSha256" CHAR(64) NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ScoreRevision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EvaluationSession_lotId_key" ON "EvaluationSession"("lotId");

-- CreateIndex
CREATE INDEX "EvaluationSession_stage_idx" ON "EvaluationSession"("stage");

-- CreateIndex
CREATE UNIQUE INDEX "EvaluationMember_drawMemberId_key" ON "EvaluationMember"("drawMemberId");

-- CreateIndex
CREATE INDEX "EvaluationMember_sessionId_seat_idx" ON "EvaluationMember"("sessionId", "seat");

-- CreateIndex
CREATE INDEX "EvaluationMember_userId_idx" ON "EvaluationMember"("userId");

-- CreateIndex
CREATE INDEX "EvaluationCode_memberId_purpose_createdAt_idx" ON "EvaluationCode"("memberId", "purpose", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "EvaluationBid_bidId_key" ON "EvaluationBid"("bidId");

-- CreateIndex
CREATE UNIQUE INDEX "EvaluationBid_sessionId_ordinal_key" ON "EvaluationBid"("sessionId", "ordinal");

-- CreateIndex
CREATE INDEX "EvaluationClarification_sessionId_idx" ON "EvaluationClarification"("sessionId");

-- CreateIndex
CREATE INDEX "EvaluationClarification_bidderOrgId_idx" ON "EvaluationClarification"("bidderOrgId");

-- CreateIndex
CREATE INDEX "PreliminaryCheck_sessionId_idx" ON "PreliminaryCheck"("sessionId");

-- CreateIndex
CREATE INDEX "RejectionProposal_sessionId_idx" ON "RejectionProposal"("sessionId");

-- CreateIndex
CREATE UNIQUE INDEX "ScoreSheet_memberId_key" ON "ScoreSheet"("memberId");

-- CreateIndex
CREATE INDEX "ScoreSheet_sessionId_idx" ON "ScoreSheet"("sessionId");

-- CreateIndex
CREATE INDEX "ScoreRevision_sheetId_idx" ON "ScoreRevision"("sheetId");

-- AddForeignKey
ALTER TABLE "EvaluationMember" ADD CONSTRAINT "EvaluationMember_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "EvaluationSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvaluationBid" ADD CONSTRAINT "EvaluationBid_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "EvaluationSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RejectionVote" ADD CONSTRAINT "RejectionVote_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "RejectionProposal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
