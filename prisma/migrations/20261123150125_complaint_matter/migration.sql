-- CreateEnum
CREATE TYPE "ComplaintMatter" AS ENUM ('TENDER_DOCUMENTS', 'OPENING', 'EVALUATION_RESULT', 'OTHER');

-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN     "matter" "ComplaintMatter" NOT NULL DEFAULT 'OTHER';
