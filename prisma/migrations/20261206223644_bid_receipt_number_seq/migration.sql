-- Receipt numbers (回执编号) from a sequence instead of the per-day "DocumentCounter" row that every
-- finalise locked until commit (issue 15, docs/decisions/0014-receipt-numbers-from-a-sequence.md).
-- Starts above any HZ number already issued by the counter, so no number is ever issued twice.
CREATE SEQUENCE "BidReceiptNumberSeq" AS bigint MINVALUE 1 NO CYCLE;
SELECT setval('"BidReceiptNumberSeq"', COALESCE((SELECT max(value) FROM "DocumentCounter" WHERE prefix LIKE 'HZ-%'), 0) + 1, false);
