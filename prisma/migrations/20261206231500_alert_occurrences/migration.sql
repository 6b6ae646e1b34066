-- Issue 16 item 4: repeating alerts grouped per rule, subject and day (count and last time, upgraded in place).
ALTER TABLE "Alert" ADD COLUMN "occurrences" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Alert" ADD COLUMN "lastAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
UPDATE "Alert" SET "lastAt" = "createdAt";
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_occurrences_positive" CHECK ("occurrences" >= 1);
-- The console lists open alerts red first, most recent first.
CREATE INDEX "Alert_acknowledgedAt_severity_lastAt_idx" ON "Alert" ("acknowledgedAt", "severity", "lastAt");
