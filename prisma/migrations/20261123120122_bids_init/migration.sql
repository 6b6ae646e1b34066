-- CreateEnum
CREATE TYPE "BidStatus" AS ENUM ('ACTIVE', 'REPLACED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "BondMethod" AS ENUM ('ACCOUNT_TRANSFER', 'BANK_GUARANTEE', 'INSURANCE');

-- CreateEnum
CREATE TYPE "BidReceiptKind" AS ENUM ('SUBMITTED', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "BidderKey" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "fingerprint" CHAR(64) NOT NULL,
    "publicKeySpki" VARCHAR(200) NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMPTZ(3),

    CONSTRAINT "BidderKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bid" (
    "id" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "bidderOrgId" UUID NOT NULL,
    "submittedById" UUID NOT NULL,
    "status" "BidStatus" NOT NULL DEFAULT 'ACTIVE',
    "uploadId" VARCHAR(64) NOT NULL,
    "storageKey" VARCHAR(300) NOT NULL,
    "size" BIGINT NOT NULL,
    "ciphertextSha256" CHAR(64) NOT NULL,
    "plaintextSha256" CHAR(64) NOT NULL,
    "keyFingerprint" CHAR(64) NOT NULL,
    "uploaderIp" VARCHAR(64) NOT NULL DEFAULT '',
    "userAgent" VARCHAR(400) NOT NULL DEFAULT '',
    "deviceId" VARCHAR(100) NOT NULL DEFAULT '',
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "replacedAt" TIMESTAMPTZ(3),
    "replacedById" UUID,
    "withdrawnAt" TIMESTAMPTZ(3),
    "selfTestAt" TIMESTAMPTZ(3),
    "selfTestResult" VARCHAR(100),

    CONSTRAINT "Bid_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BidBond" (
    "id" UUID NOT NULL,
    "bidId" UUID NOT NULL,
    "method" "BondMethod" NOT NULL,
    "payerAccount" VARCHAR(40),
    "payerBank" VARCHAR(100),
    "bankReference" VARCHAR(64),
    "guaranteeNo" VARCHAR(64),
    "amountFen" BIGINT NOT NULL,

    CONSTRAINT "BidBond_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BidReceipt" (
    "id" UUID NOT NULL,
    "number" VARCHAR(60) NOT NULL,
    "kind" "BidReceiptKind" NOT NULL,
    "bidId" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "bidderOrgId" UUID NOT NULL,
    "issuedAt" TIMESTAMPTZ(3) NOT NULL,
    "ciphertextSha256" CHAR(64) NOT NULL,
    "plaintextSha256" CHAR(64) NOT NULL,
    "size" BIGINT NOT NULL,
    "keyFingerprint" CHAR(64) NOT NULL,
    "documentId" UUID,

    CONSTRAINT "BidReceipt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "tokenHash" CHAR(64) NOT NULL,
    "prefix" VARCHAR(20) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BidderKey_fingerprint_key" ON "BidderKey"("fingerprint");

-- CreateIndex
CREATE INDEX "BidderKey_orgId_createdAt_idx" ON "BidderKey"("orgId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Bid_uploadId_key" ON "Bid"("uploadId");

-- CreateIndex
CREATE UNIQUE INDEX "Bid_storageKey_key" ON "Bid"("storageKey");

-- CreateIndex
CREATE INDEX "Bid_lotId_status_idx" ON "Bid"("lotId", "status");

-- CreateIndex
CREATE INDEX "Bid_bidderOrgId_submittedAt_idx" ON "Bid"("bidderOrgId", "submittedAt" DESC);

-- CreateIndex
CREATE INDEX "Bid_keyFingerprint_idx" ON "Bid"("keyFingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "BidBond_bidId_key" ON "BidBond"("bidId");

-- CreateIndex
CREATE INDEX "BidBond_payerAccount_idx" ON "BidBond"("payerAccount");

-- CreateIndex
CREATE UNIQUE INDEX "BidReceipt_number_key" ON "BidReceipt"("number");

-- CreateIndex
CREATE INDEX "BidReceipt_bidderOrgId_issuedAt_idx" ON "BidReceipt"("bidderOrgId", "issuedAt");

-- CreateIndex
CREATE UNIQUE INDEX "BidReceipt_bidId_kind_key" ON "BidReceipt"("bidId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_createdAt_idx" ON "ApiToken"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "Bid" ADD CONSTRAINT "Bid_keyFingerprint_fkey" FOREIGN KEY ("keyFingerprint") REFERENCES "BidderKey"("fingerprint") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BidBond" ADD CONSTRAINT "BidBond_bidId_fkey" FOREIGN KEY ("bidId") REFERENCES "Bid"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BidReceipt" ADD CONSTRAINT "BidReceipt_bidId_fkey" FOREIGN KEY ("bidId") REFERENCES "Bid"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written (not expressible in the Prisma schema) -------------------------------------------------

-- At most one current (not retired) key per organisation, and one ACTIVE bid per lot and bidder: the
-- domain checks both under a lock, the database makes a race impossible anyway.
CREATE UNIQUE INDEX "BidderKey_one_current_per_org" ON "BidderKey"("orgId") WHERE "retiredAt" IS NULL;
CREATE UNIQUE INDEX "Bid_one_active_per_lot_bidder" ON "Bid"("lotId", "bidderOrgId") WHERE "status" = 'ACTIVE';

ALTER TABLE "BidderKey" ADD CONSTRAINT "BidderKey_fingerprint_hex" CHECK ("fingerprint" ~ '^[0-9a-f]{64}$');
ALTER TABLE "Bid" ADD CONSTRAINT "Bid_hashes_hex" CHECK ("ciphertextSha256" ~ '^[0-9a-f]{64}$' AND "plaintextSha256" ~ '^[0-9a-f]{64}$');
ALTER TABLE "Bid" ADD CONSTRAINT "Bid_size_positive" CHECK ("size" > 0);
ALTER TABLE "Bid" ADD CONSTRAINT "Bid_status_instants" CHECK (("status" = 'WITHDRAWN') = ("withdrawnAt" IS NOT NULL) AND ("status" = 'REPLACED') = ("replacedAt" IS NOT NULL));
ALTER TABLE "BidBond" ADD CONSTRAINT "BidBond_amount_range" CHECK ("amountFen" >= 0 AND "amountFen" <= 1000000000000000);
ALTER TABLE "BidReceipt" ADD CONSTRAINT "BidReceipt_hashes_hex" CHECK ("ciphertextSha256" ~ '^[0-9a-f]{64}$' AND "plaintextSha256" ~ '^[0-9a-f]{64}$');
