-- CreateEnum
CREATE TYPE "SpecialtyRequestStatus" AS ENUM ('PENDING', 'APPLIED', 'REJECTED');

-- CreateTable
CREATE TABLE "ExpertSpecialtyRequest" (
    "id" UUID NOT NULL,
    "expertId" UUID NOT NULL,
    "codes" VARCHAR(16)[],
    "note" VARCHAR(1000) NOT NULL DEFAULT '',
    "status" "SpecialtyRequestStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionNote" VARCHAR(300) NOT NULL DEFAULT '',

    CONSTRAINT "ExpertSpecialtyRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExpertSpecialtyRequest_status_createdAt_idx" ON "ExpertSpecialtyRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ExpertSpecialtyRequest_expertId_createdAt_idx" ON "ExpertSpecialtyRequest"("expertId", "createdAt");

-- AddForeignKey
ALTER TABLE "ExpertSpecialtyRequest" ADD CONSTRAINT "ExpertSpecialtyRequest_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "Expert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: at most one pending request per expert (a second one would be ambiguous for staff).
CREATE UNIQUE INDEX "ExpertSpecialtyRequest_one_pending" ON "ExpertSpecialtyRequest"("expertId") WHERE "status" = 'PENDING';
