-- CreateEnum
CREATE TYPE "OpeningState" AS ENUM ('WAITING', 'SIGN_IN', 'DECRYPTING', 'READING', 'CONFIRMING', 'CLOSED', 'FAILED');

-- CreateEnum
CREATE TYPE "BidDecryptionStatus" AS ENUM ('PENDING', 'DECRYPTED', 'TAMPERED', 'NOT_DECRYPTED');

-- CreateEnum
CREATE TYPE "DecryptionFault" AS ENUM ('BIDDER', 'OTHER');

-- CreateEnum
CREATE TYPE "ConfirmationKind" AS ENUM ('CONFIRMED', 'DISAGREED', 'SILENT');

-- CreateTable
CREATE TABLE "OpeningSession" (
    "id" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "state" "OpeningState" NOT NULL DEFAULT 'WAITING',
    "hostUserId" UUID,
    "decryptionWindowMinutes" INTEGER NOT NULL,
    "confirmationMinutes" INTEGER NOT NULL DEFAULT 10,
    "openedAt" TIMESTAMPTZ(3) NOT NULL,
    "startedAt" TIMESTAMPTZ(3),
    "decryptionEndsAt" TIMESTAMPTZ(3),
    "readAt" TIMESTAMPTZ(3),
    "confirmationEndsAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "failedAt" TIMESTAMPTZ(3),
    "bidCount" INTEGER,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    "recordDocumentId" UUID,

    CONSTRAINT "OpeningSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OpeningAttendance" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "signedInAt" TIMESTAMPTZ(3) NOT NULL,
    "ip" VARCHAR(64) NOT NULL DEFAULT '',

    CONSTRAINT "OpeningAttendance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OpeningEvent" (
    "sessionId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" VARCHAR(40) NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OpeningEvent_pkey" PRIMARY KEY ("sessionId","seq")
);

-- CreateTable
CREATE TABLE "BidDecryption" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "bidId" UUID NOT NULL,
    "bidderOrgId" UUID NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "status" "BidDecryptionStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" VARCHAR(100),
    "decryptedAt" TIMESTAMPTZ(3),
    "plaintextSha256" CHAR(64),
    "contentKey" BYTEA,
    "totalPriceFen" BIGINT,
    "durationDays" INTEGER,
    "fields" JSONB,
    "tamperReason" VARCHAR(200),
    "fault" "DecryptionFault",
    "faultReason" TEXT,
    "settledById" UUID,
    "settledAt" TIMESTAMPTZ(3),

    CONSTRAINT "BidDecryption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HallObjection" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "raisedAt" TIMESTAMPTZ(3) NOT NULL,
    "answer" TEXT,
    "answeredAt" TIMESTAMPTZ(3),
    "answeredById" UUID,

    CONSTRAINT "HallObjection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecordConfirmation" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID,
    "kind" "ConfirmationKind" NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RecordConfirmation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OpeningSession_lotId_key" ON "OpeningSession"("lotId");

-- CreateIndex
CREATE INDEX "OpeningSession_state_idx" ON "OpeningSession"("state");

-- CreateIndex
CREATE UNIQUE INDEX "OpeningAttendance_sessionId_orgId_key" ON "OpeningAttendance"("sessionId", "orgId");

-- CreateIndex
CREATE UNIQUE INDEX "BidDecryption_bidId_key" ON "BidDecryption"("bidId");

-- CreateIndex
CREATE INDEX "BidDecryption_sessionId_status_idx" ON "BidDecryption"("sessionId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "BidDecryption_sessionId_ordinal_key" ON "BidDecryption"("sessionId", "ordinal");

-- CreateIndex
CREATE INDEX "HallObjection_sessionId_raisedAt_idx" ON "HallObjection"("sessionId", "raisedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RecordConfirmation_sessionId_orgId_key" ON "RecordConfirmation"("sessionId", "orgId");

-- AddForeignKey
ALTER TABLE "OpeningAttendance" ADD CONSTRAINT "OpeningAttendance_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "OpeningSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpeningEvent" ADD CONSTRAINT "OpeningEvent_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "OpeningSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BidDecryption" ADD CONSTRAINT "BidDecryption_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "OpeningSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HallObjection" ADD CONSTRAINT "HallObjection_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "OpeningSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecordConfirmation" ADD CONSTRAINT "RecordConfirmation_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "OpeningSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: bounds and append-only event stream.
ALTER TABLE "OpeningSession" ADD CONSTRAINT "OpeningSession_window_check" CHECK ("decryptionWindowMinutes" BETWEEN 1 AND 1440 AND "confirmationMinutes" BETWEEN 1 AND 1440);
ALTER TABLE "OpeningEvent" ADD CONSTRAINT "OpeningEvent_seq_check" CHECK ("seq" >= 1);
ALTER TABLE "BidDecryption" ADD CONSTRAINT "BidDecryption_price_check" CHECK ("totalPriceFen" IS NULL OR "totalPriceFen" >= 0);

-- The hall's event stream is the record supervisors replay: never rewritten.
CREATE OR REPLACE FUNCTION opening_event_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'OpeningEvent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER "OpeningEvent_append_only" BEFORE UPDATE OR DELETE ON "OpeningEvent"
  FOR EACH ROW EXECUTE FUNCTION opening_event_append_only();
