-- AlterTable
ALTER TABLE "Lot" ADD COLUMN     "retenderOfLotId" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "Lot_retenderOfLotId_key" ON "Lot"("retenderOfLotId");

-- AddForeignKey
ALTER TABLE "Lot" ADD CONSTRAINT "Lot_retenderOfLotId_fkey" FOREIGN KEY ("retenderOfLotId") REFERENCES "Lot"("id") ON DELETE SET NULL ON UPDATE CASCADE;
