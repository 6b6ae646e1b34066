-- Issue 16 item 11: 终止招标公告 (实施条例 art. 31), and a tender document replaced through a change notice.
ALTER TYPE "AnnouncementKind" ADD VALUE IF NOT EXISTS 'CANCELLED';
-- The change notice that issued a document (null: issued with the tender), and the document that replaced it.
ALTER TABLE "TenderDocument" ADD COLUMN "announcementId" UUID;
ALTER TABLE "TenderDocument" ADD COLUMN "supersededById" UUID;
