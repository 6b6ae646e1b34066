-- Award (issue 12): publicity, award, notices, contract, bond refunds, archive; CONTRACTED phase.
ALTER TYPE "LotStatus" ADD VALUE 'CONTRACTED' AFTER 'AWARDED';
ALTER TYPE "TransitionKind" ADD VALUE 'PUBLICITY_END';
ALTER TYPE "TransitionKind" ADD VALUE 'AWARD_CLOCK_DUE';
ALTER TYPE "AnnouncementKind" ADD VALUE 'CONTRACT';
ALTER TABLE "Objection" ADD COLUMN "subject" VARCHAR(20) NOT NULL DEFAULT 'DOCUMENTS';

CREATE TYPE "AwardNoticeKind" AS ENUM ('WINNER', 'RESULT');
CREATE TYPE "ArchiveStatus" AS ENUM ('QUEUED', 'BUILDING', 'DONE', 'FAILED');

CREATE TABLE "CandidatesPublicity" (
    "lotId" UUID NOT NULL,
    "announcementId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "publishedById" UUID NOT NULL,
    "outcomeSha256" CHAR(64) NOT NULL,
    CONSTRAINT "CandidatesPublicity_pkey" PRIMARY KEY ("lotId")
);

CREATE TABLE "Award" (
    "lotId" UUID NOT NULL,
    "winnerBidId" UUID NOT NULL,
    "winnerOrgId" UUID NOT NULL,
    "winnerName" VARCHAR(200) NOT NULL,
    "winnerRank" INTEGER NOT NULL,
    "priceFen" BIGINT NOT NULL,
    "reasonCode" VARCHAR(64),
    "reasonText" TEXT,
    "decidedById" UUID NOT NULL,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL,
    "resultAnnouncementId" UUID,
    "reportDueAt" TIMESTAMPTZ(3),
    "reportedAt" TIMESTAMPTZ(3),
    "reportText" TEXT,
    "contractDueAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Award_pkey" PRIMARY KEY ("lotId")
);

CREATE TABLE "AwardNotice" (
    "id" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "bidId" UUID NOT NULL,
    "bidderOrgId" UUID NOT NULL,
    "bidderName" VARCHAR(200) NOT NULL,
    "kind" "AwardNoticeKind" NOT NULL,
    "rank" INTEGER,
    "totalScore" VARCHAR(10),
    "priceFen" BIGINT NOT NULL,
    "rejectionReason" TEXT,
    "number" VARCHAR(60) NOT NULL,
    "issuedAt" TIMESTAMPTZ(3) NOT NULL,
    "documentId" UUID,
    CONSTRAINT "AwardNotice_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "AwardNotice_number_key" ON "AwardNotice"("number");
CREATE UNIQUE INDEX "AwardNotice_lotId_bidId_key" ON "AwardNotice"("lotId", "bidId");
CREATE INDEX "AwardNotice_bidderOrgId_idx" ON "AwardNotice"("bidderOrgId");
ALTER TABLE "AwardNotice" ADD CONSTRAINT "AwardNotice_lotId_fkey" FOREIGN KEY ("lotId") REFERENCES "Award"("lotId") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "Contract" (
    "lotId" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "fileName" VARCHAR(200) NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "performanceBondFen" BIGINT NOT NULL,
    "changeReason" TEXT,
    "signedAt" TIMESTAMPTZ(3) NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,
    "publishDueAt" TIMESTAMPTZ(3),
    "filingDueAt" TIMESTAMPTZ(3),
    "filedAt" TIMESTAMPTZ(3),
    "filingReference" VARCHAR(100),
    CONSTRAINT "Contract_pkey" PRIMARY KEY ("lotId")
);

CREATE TABLE "BondRefund" (
    "id" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "bidId" UUID NOT NULL,
    "bidderOrgId" UUID NOT NULL,
    "bidderName" VARCHAR(200) NOT NULL,
    "bondFen" BIGINT NOT NULL,
    "interestFen" BIGINT NOT NULL DEFAULT 0,
    "rateBp" INTEGER NOT NULL,
    "cause" VARCHAR(20) NOT NULL DEFAULT 'CONTRACT',
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "refundedOn" DATE,
    "refundedFen" BIGINT,
    "reference" VARCHAR(64),
    "recordedById" UUID,
    "recordedAt" TIMESTAMPTZ(3),
    CONSTRAINT "BondRefund_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "BondRefund_bidId_key" ON "BondRefund"("bidId");
CREATE INDEX "BondRefund_lotId_idx" ON "BondRefund"("lotId");
CREATE INDEX "BondRefund_refundedOn_dueAt_idx" ON "BondRefund"("refundedOn", "dueAt");

CREATE TABLE "LotArchive" (
    "lotId" UUID NOT NULL,
    "status" "ArchiveStatus" NOT NULL DEFAULT 'QUEUED',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "storageKey" VARCHAR(300),
    "sha256" CHAR(64),
    "size" BIGINT,
    "manifestSha256" CHAR(64),
    "entries" INTEGER NOT NULL DEFAULT 0,
    "retentionUntil" DATE NOT NULL,
    "requestedById" UUID NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),
    "error" TEXT,
    CONSTRAINT "LotArchive_pkey" PRIMARY KEY ("lotId")
);

-- Amounts are never negative; a refund never exceeds bond + interest; the bond ≤ 10 % is a rule (app/domain/rules).
ALTER TABLE "Award" ADD CONSTRAINT "Award_price_check" CHECK ("priceFen" >= 0);
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_amounts_check" CHECK ("amountFen" > 0 AND "performanceBondFen" >= 0 AND "endsOn" >= "startsOn");
ALTER TABLE "BondRefund" ADD CONSTRAINT "BondRefund_amounts_check" CHECK ("bondFen" >= 0 AND "interestFen" >= 0 AND ("refundedFen" IS NULL OR ("refundedFen" >= 0 AND "refundedFen" <= "bondFen" + "interestFen")));
