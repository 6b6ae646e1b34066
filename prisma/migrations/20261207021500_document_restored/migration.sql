-- A document whose file was lost or damaged and re-rendered from the database (issue 16 item 8).
ALTER TABLE "Document" ADD COLUMN "restoredAt" TIMESTAMPTZ(3);
