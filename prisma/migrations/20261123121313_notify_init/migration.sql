-- CreateEnum
CREATE TYPE "NotificationChannel" AS ENUM ('EMAIL', 'SMS', 'VOICE');

-- CreateEnum
CREATE TYPE "NotificationDeliveryStatus" AS ENUM ('PENDING', 'SENT', 'FAILED', 'SKIPPED');

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "template" VARCHAR(120) NOT NULL,
    "params" JSONB NOT NULL,
    "entityType" VARCHAR(40),
    "entityId" VARCHAR(64),
    "link" VARCHAR(300),
    "dedupeKey" VARCHAR(200) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMPTZ(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationDelivery" (
    "id" UUID NOT NULL,
    "notificationId" UUID,
    "userId" UUID,
    "recipientKey" VARCHAR(300) NOT NULL,
    "channel" "NotificationChannel" NOT NULL,
    "address" VARCHAR(254) NOT NULL,
    "locale" VARCHAR(10) NOT NULL DEFAULT 'zh-CN',
    "template" VARCHAR(120) NOT NULL,
    "params" JSONB NOT NULL,
    "entityType" VARCHAR(40),
    "entityId" VARCHAR(64),
    "link" VARCHAR(300),
    "dedupeKey" VARCHAR(200) NOT NULL,
    "status" "NotificationDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastAttemptAt" TIMESTAMPTZ(3),
    "sentAt" TIMESTAMPTZ(3),
    "providerId" VARCHAR(200),
    "content" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Notification_userId_createdAt_idx" ON "Notification"("userId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Notification_userId_dedupeKey_key" ON "Notification"("userId", "dedupeKey");

-- CreateIndex
CREATE INDEX "NotificationDelivery_status_createdAt_idx" ON "NotificationDelivery"("status", "createdAt");

-- CreateIndex
CREATE INDEX "NotificationDelivery_userId_createdAt_idx" ON "NotificationDelivery"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "NotificationDelivery_notificationId_idx" ON "NotificationDelivery"("notificationId");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationDelivery_dedupeKey_recipientKey_channel_key" ON "NotificationDelivery"("dedupeKey", "recipientKey", "channel");

-- Hand-written (not in the Prisma datamodel) ---------------------------------------------------------
-- The header bell counts a user's unread messages on every page: an index of the unread rows only.
CREATE INDEX "Notification_unread_by_user" ON "Notification"("userId") WHERE "readAt" IS NULL;

ALTER TABLE "Notification" ADD CONSTRAINT "Notification_link_same_site" CHECK ("link" IS NULL OR ("link" LIKE '/%' AND "link" NOT LIKE '//%'));
ALTER TABLE "NotificationDelivery" ADD CONSTRAINT "NotificationDelivery_link_same_site" CHECK ("link" IS NULL OR ("link" LIKE '/%' AND "link" NOT LIKE '//%'));
ALTER TABLE "NotificationDelivery" ADD CONSTRAINT "NotificationDelivery_attempts_range" CHECK ("attempts" >= 0);
ALTER TABLE "NotificationDelivery" ADD CONSTRAINT "NotificationDelivery_sent_at" CHECK (("status" = 'SENT') = ("sentAt" IS NOT NULL));
ALTER TABLE "NotificationDelivery" ADD CONSTRAINT "NotificationDelivery_address" CHECK (("status" = 'SKIPPED') OR "address" <> '');
