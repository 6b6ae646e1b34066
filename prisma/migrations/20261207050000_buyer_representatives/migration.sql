-- CreateTable
CREATE TABLE "BuyerRepresentative" (
    "id" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "namedById" UUID NOT NULL,
    "namedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BuyerRepresentative_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BuyerRepresentative_lotId_userId_key" ON "BuyerRepresentative"("lotId", "userId");
