-- CreateEnum
CREATE TYPE "SocialSupervisorStatus" AS ENUM ('NOMINATED', 'ACTIVE', 'SUSPENDED', 'DISMISSED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "SocialAssignmentStatus" AS ENUM ('ACTIVE', 'RECUSAL_REQUESTED', 'RECUSED', 'REVOKED');

-- CreateEnum
CREATE TYPE "SocialEvaluationKind" AS ENUM ('EVALUATION', 'VIOLATION');

-- CreateEnum
CREATE TYPE "SupervisorAttendanceKind" AS ENUM ('DRAW', 'OPENING');

-- CreateTable
CREATE TABLE "SocialSupervisorAppointment" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "status" "SocialSupervisorStatus" NOT NULL DEFAULT 'NOMINATED',
    "affiliation" VARCHAR(200) NOT NULL DEFAULT '',
    "nominationNote" TEXT NOT NULL DEFAULT '',
    "nominatedById" UUID NOT NULL,
    "nominatedAt" TIMESTAMPTZ(3) NOT NULL,
    "termStart" TIMESTAMPTZ(3) NOT NULL,
    "termEnd" TIMESTAMPTZ(3) NOT NULL,
    "duties" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "agreementVersion" VARCHAR(20) NOT NULL DEFAULT '',
    "agreementSignedAt" TIMESTAMPTZ(3),
    "certificateNo" VARCHAR(40),
    "certificateDocumentId" UUID,
    "suspendedAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "endReason" TEXT,
    "endedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SocialSupervisorAppointment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SocialSupervisionAssignment" (
    "id" UUID NOT NULL,
    "appointmentId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "lotId" UUID,
    "status" "SocialAssignmentStatus" NOT NULL DEFAULT 'ACTIVE',
    "assignedById" UUID NOT NULL,
    "assignedAt" TIMESTAMPTZ(3) NOT NULL,
    "recusalReason" TEXT,
    "recusalRequestedAt" TIMESTAMPTZ(3),
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionNote" TEXT,

    CONSTRAINT "SocialSupervisionAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SocialSupervisorEvaluation" (
    "id" UUID NOT NULL,
    "appointmentId" UUID NOT NULL,
    "kind" "SocialEvaluationKind" NOT NULL,
    "score" INTEGER,
    "text" TEXT NOT NULL,
    "authorId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SocialSupervisorEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupervisorAttendance" (
    "id" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "kind" "SupervisorAttendanceKind" NOT NULL,
    "refId" UUID NOT NULL,
    "supervisorId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SupervisorAttendance_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SocialSupervisorAppointment_certificateNo_key" ON "SocialSupervisorAppointment"("certificateNo");

-- CreateIndex
CREATE INDEX "SocialSupervisorAppointment_userId_status_idx" ON "SocialSupervisorAppointment"("userId", "status");

-- CreateIndex
CREATE INDEX "SocialSupervisorAppointment_status_termEnd_idx" ON "SocialSupervisorAppointment"("status", "termEnd");

-- CreateIndex
CREATE INDEX "SocialSupervisionAssignment_userId_status_idx" ON "SocialSupervisionAssignment"("userId", "status");

-- CreateIndex
CREATE INDEX "SocialSupervisionAssignment_appointmentId_idx" ON "SocialSupervisionAssignment"("appointmentId");

-- CreateIndex
CREATE INDEX "SocialSupervisionAssignment_projectId_idx" ON "SocialSupervisionAssignment"("projectId");

-- CreateIndex
CREATE INDEX "SocialSupervisorEvaluation_appointmentId_createdAt_idx" ON "SocialSupervisorEvaluation"("appointmentId", "createdAt");

-- CreateIndex
CREATE INDEX "SupervisorAttendance_lotId_kind_idx" ON "SupervisorAttendance"("lotId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "SupervisorAttendance_kind_refId_supervisorId_key" ON "SupervisorAttendance"("kind", "refId", "supervisorId");

-- Hand-written: one live appointment per person; sane terms and scores; one live assignment per person and tender.
CREATE UNIQUE INDEX "SocialSupervisorAppointment_one_live" ON "SocialSupervisorAppointment"("userId")
  WHERE status IN ('NOMINATED', 'ACTIVE', 'SUSPENDED');
ALTER TABLE "SocialSupervisorAppointment" ADD CONSTRAINT "SocialSupervisorAppointment_term" CHECK ("termEnd" > "termStart");
ALTER TABLE "SocialSupervisorEvaluation" ADD CONSTRAINT "SocialSupervisorEvaluation_score"
  CHECK ((kind = 'EVALUATION' AND score BETWEEN 1 AND 5) OR (kind = 'VIOLATION' AND score IS NULL));
CREATE UNIQUE INDEX "SocialSupervisionAssignment_one_live" ON "SocialSupervisionAssignment"("userId", "projectId", COALESCE("lotId", '00000000-0000-0000-0000-000000000000'::uuid))
  WHERE status IN ('ACTIVE', 'RECUSAL_REQUESTED');
