-- CreateTable
CREATE TABLE "BidDocumentScan" (
    "bidId" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "scannedAt" TIMESTAMPTZ(3) NOT NULL,
    "files" INTEGER NOT NULL DEFAULT 0,
    "pdfs" INTEGER NOT NULL DEFAULT 0,
    "error" VARCHAR(200),

    CONSTRAINT "BidDocumentScan_pkey" PRIMARY KEY ("bidId")
);

-- CreateTable
CREATE TABLE "BidDocumentMetadata" (
    "id" UUID NOT NULL,
    "bidId" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "fileName" VARCHAR(255) NOT NULL,
    "author" VARCHAR(200) NOT NULL DEFAULT '',
    "creator" VARCHAR(200) NOT NULL DEFAULT '',
    "producer" VARCHAR(200) NOT NULL DEFAULT '',
    "documentId" VARCHAR(64) NOT NULL DEFAULT '',

    CONSTRAINT "BidDocumentMetadata_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BidDocumentScan_lotId_idx" ON "BidDocumentScan"("lotId");

-- CreateIndex
CREATE INDEX "BidDocumentMetadata_lotId_author_idx" ON "BidDocumentMetadata"("lotId", "author");

-- CreateIndex
CREATE INDEX "BidDocumentMetadata_lotId_documentId_idx" ON "BidDocumentMetadata"("lotId", "documentId");

-- CreateIndex
CREATE INDEX "BidDocumentMetadata_bidId_idx" ON "BidDocumentMetadata"("bidId");
