-- CreateEnum
CREATE TYPE "ExpertStatus" AS ENUM ('ACTIVE', 'SUSPENDED', 'RETIRED');

-- CreateEnum
CREATE TYPE "DrawStatus" AS ENUM ('AWAITING_ENTROPY', 'DRAWN', 'FINAL', 'CANCELLED');

-- CreateEnum
CREATE TYPE "DrawKind" AS ENUM ('INITIAL', 'SUPPLEMENTARY');

-- CreateEnum
CREATE TYPE "DrawMemberRole" AS ENUM ('MEMBER', 'BACKUP');

-- CreateEnum
CREATE TYPE "DrawMemberStatus" AS ENUM ('STANDBY', 'NOTIFIED', 'CONFIRMED', 'DECLINED', 'TIMED_OUT', 'AVOIDED');

-- CreateEnum
CREATE TYPE "ExpertImportStatus" AS ENUM ('PENDING', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "Specialty" (
    "code" VARCHAR(16) NOT NULL,
    "parentCode" VARCHAR(16),
    "name" VARCHAR(100) NOT NULL,
    "nameEn" VARCHAR(160) NOT NULL DEFAULT '',
    "level" INTEGER NOT NULL,
    "sortKey" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Specialty_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Expert" (
    "id" UUID NOT NULL,
    "code" VARCHAR(16) NOT NULL,
    "name" VARCHAR(60) NOT NULL,
    "idNumberEnc" TEXT NOT NULL,
    "idNumberMasked" VARCHAR(24) NOT NULL,
    "idNumberHmac" CHAR(64) NOT NULL,
    "phone" VARCHAR(30) NOT NULL DEFAULT '',
    "email" VARCHAR(254) NOT NULL DEFAULT '',
    "employerOrgName" VARCHAR(200) NOT NULL,
    "employerCreditCode" CHAR(18) NOT NULL,
    "region" VARCHAR(12) NOT NULL DEFAULT '',
    "title" VARCHAR(60) NOT NULL DEFAULT '',
    "status" "ExpertStatus" NOT NULL DEFAULT 'ACTIVE',
    "userId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Expert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExpertSpecialty" (
    "expertId" UUID NOT NULL,
    "specialtyCode" VARCHAR(16) NOT NULL,

    CONSTRAINT "ExpertSpecialty_pkey" PRIMARY KEY ("expertId","specialtyCode")
);

-- CreateTable
CREATE TABLE "ExpertLeave" (
    "id" UUID NOT NULL,
    "expertId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "reason" VARCHAR(200) NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExpertLeave_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExpertViolation" (
    "id" UUID NOT NULL,
    "expertId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "description" TEXT NOT NULL,
    "until" TIMESTAMPTZ(3),
    "recordedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExpertViolation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExpertImport" (
    "id" UUID NOT NULL,
    "fileName" VARCHAR(200) NOT NULL,
    "storageKey" VARCHAR(300) NOT NULL,
    "status" "ExpertImportStatus" NOT NULL DEFAULT 'PENDING',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ExpertImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DrawSetting" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "sameBuyerDays" INTEGER NOT NULL DEFAULT 30,
    "responseMinutes" INTEGER NOT NULL DEFAULT 60,

    CONSTRAINT "DrawSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Draw" (
    "id" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "buyerOrgId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" "DrawKind" NOT NULL DEFAULT 'INITIAL',
    "parentDrawId" UUID,
    "replacesMemberId" UUID,
    "status" "DrawStatus" NOT NULL DEFAULT 'AWAITING_ENTROPY',
    "algorithm" VARCHAR(20) NOT NULL DEFAULT 'ggzy-draw-v1',
    "committeeMembers" INTEGER NOT NULL,
    "evaluationAt" TIMESTAMPTZ(3) NOT NULL,
    "evaluationPlace" VARCHAR(200) NOT NULL,
    "responseMinutes" INTEGER NOT NULL,
    "serverSeedEnc" TEXT NOT NULL,
    "commitment" CHAR(64) NOT NULL,
    "supervisorEntropy" VARCHAR(200),
    "entropyById" UUID,
    "entropyAt" TIMESTAMPTZ(3),
    "finalSeed" CHAR(64),
    "avoidance" JSONB NOT NULL DEFAULT '{}',
    "requestedById" UUID NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "drawnAt" TIMESTAMPTZ(3),
    "finalizedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "cancelReason" VARCHAR(300),
    "documentId" UUID,

    CONSTRAINT "Draw_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DrawPool" (
    "drawId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "specialtyCode" VARCHAR(16) NOT NULL,
    "members" INTEGER NOT NULL,
    "backups" INTEGER NOT NULL,
    "codes" TEXT[],
    "digest" CHAR(64) NOT NULL,

    CONSTRAINT "DrawPool_pkey" PRIMARY KEY ("drawId","position")
);

-- CreateTable
CREATE TABLE "DrawMember" (
    "id" UUID NOT NULL,
    "drawId" UUID NOT NULL,
    "expertId" UUID NOT NULL,
    "expertCode" VARCHAR(16) NOT NULL,
    "specialtyCode" VARCHAR(16) NOT NULL,
    "role" "DrawMemberRole" NOT NULL,
    "rank" INTEGER NOT NULL,
    "status" "DrawMemberStatus" NOT NULL,
    "replacesId" UUID,
    "notifiedAt" TIMESTAMPTZ(3),
    "respondBy" TIMESTAMPTZ(3),
    "respondedAt" TIMESTAMPTZ(3),
    "declineReason" VARCHAR(300),

    CONSTRAINT "DrawMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExpertNotice" (
    "id" UUID NOT NULL,
    "expertId" UUID NOT NULL,
    "drawMemberId" UUID,
    "kind" VARCHAR(40) NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMPTZ(3),

    CONSTRAINT "ExpertNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Specialty_parentCode_idx" ON "Specialty"("parentCode");

-- CreateIndex
CREATE UNIQUE INDEX "Expert_code_key" ON "Expert"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Expert_idNumberHmac_key" ON "Expert"("idNumberHmac");

-- CreateIndex
CREATE UNIQUE INDEX "Expert_userId_key" ON "Expert"("userId");

-- CreateIndex
CREATE INDEX "Expert_employerCreditCode_idx" ON "Expert"("employerCreditCode");

-- CreateIndex
CREATE INDEX "Expert_status_idx" ON "Expert"("status");

-- CreateIndex
CREATE INDEX "ExpertSpecialty_specialtyCode_expertId_idx" ON "ExpertSpecialty"("specialtyCode", "expertId");

-- CreateIndex
CREATE INDEX "ExpertLeave_expertId_startsAt_idx" ON "ExpertLeave"("expertId", "startsAt");

-- CreateIndex
CREATE INDEX "ExpertViolation_expertId_idx" ON "ExpertViolation"("expertId");

-- CreateIndex
CREATE UNIQUE INDEX "Draw_replacesMemberId_key" ON "Draw"("replacesMemberId");

-- CreateIndex
CREATE INDEX "Draw_buyerOrgId_idx" ON "Draw"("buyerOrgId");

-- CreateIndex
CREATE INDEX "Draw_status_idx" ON "Draw"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Draw_lotId_seq_key" ON "Draw"("lotId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "DrawPool_drawId_specialtyCode_key" ON "DrawPool"("drawId", "specialtyCode");

-- CreateIndex
CREATE INDEX "DrawMember_expertId_status_idx" ON "DrawMember"("expertId", "status");

-- CreateIndex
CREATE INDEX "DrawMember_drawId_specialtyCode_rank_idx" ON "DrawMember"("drawId", "specialtyCode", "rank");

-- CreateIndex
CREATE UNIQUE INDEX "DrawMember_drawId_expertId_key" ON "DrawMember"("drawId", "expertId");

-- CreateIndex
CREATE INDEX "ExpertNotice_expertId_createdAt_idx" ON "ExpertNotice"("expertId", "createdAt");

-- AddForeignKey
ALTER TABLE "ExpertSpecialty" ADD CONSTRAINT "ExpertSpecialty_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "Expert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpertLeave" ADD CONSTRAINT "ExpertLeave_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "Expert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpertViolation" ADD CONSTRAINT "ExpertViolation_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "Expert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DrawPool" ADD CONSTRAINT "DrawPool_drawId_fkey" FOREIGN KEY ("drawId") REFERENCES "Draw"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DrawMember" ADD CONSTRAINT "DrawMember_drawId_fkey" FOREIGN KEY ("drawId") REFERENCES "Draw"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: integrity the Prisma datamodel cannot state.
ALTER TABLE "ExpertLeave" ADD CONSTRAINT "ExpertLeave_order_check" CHECK ("endsAt" > "startsAt");
ALTER TABLE "DrawSetting" ADD CONSTRAINT "DrawSetting_single_check" CHECK (id = 1 AND "sameBuyerDays" >= 0 AND "responseMinutes" BETWEEN 5 AND 10080);
ALTER TABLE "Draw" ADD CONSTRAINT "Draw_members_check" CHECK ("committeeMembers" BETWEEN 1 AND 99 AND seq >= 1);
ALTER TABLE "DrawPool" ADD CONSTRAINT "DrawPool_counts_check" CHECK (members >= 1 AND backups >= 0);
ALTER TABLE "Draw" ADD CONSTRAINT "Draw_commitment_hex_check" CHECK (commitment ~ '^[0-9a-f]{64}$');
