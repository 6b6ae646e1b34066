-- Issue 16 item 5: collusion groups re-evaluated when bids change, updated in place, closed by the rules
-- when fewer than two bidders still share the trait.
ALTER TABLE "Alert" ADD COLUMN "changedAt" TIMESTAMPTZ(3);
ALTER TABLE "Alert" ADD COLUMN "resolvedAt" TIMESTAMPTZ(3);
ALTER TABLE "Alert" ADD COLUMN "resolution" VARCHAR(40);
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_resolution_with_time" CHECK (("resolvedAt" IS NULL) = ("resolution" IS NULL));
