-- ---- hand-written (not managed by Prisma: it cannot express an index on an expression) ----

-- The live-log console's lot filter (issue 7) is "(entityType = 'Lot' AND entityId = $lot) OR
-- detail->>'lotId' = $lot" (list-audit-entries.ts), newest first: bids, draws and the hall name their lot
-- only in detail. Without an index on that expression the page walked the log backwards from its newest
-- entry, parsing every detail, until it had 51 rows (seconds at 1 M entries, npm run bench -- supervision).
-- With it the OR becomes a BitmapOr of this index and AuditEntry_entityType_entityId_id_idx. Ends in id
-- like the other filter indexes. Entries without a lot (logins, account changes) are left out of it.
CREATE INDEX "AuditEntry_detail_lotId_id_idx" ON "AuditEntry" ((detail ->> 'lotId'), id)
  WHERE (detail ->> 'lotId') IS NOT NULL;
-- ANALYZE keeps no statistics for the expression of a partial index: without these the planner guessed
-- 0.5 % of the log per lot (5 000 rows at 1 M), bet that a backward walk of the primary key would meet 51
-- soon, and walked for seconds past the newer lots (a lot's entries cluster in time). With them it
-- estimates a lot's few hundred entries and reads them through the two indexes (~15 ms).
CREATE STATISTICS "AuditEntry_detail_lotId_stat" ON ((detail ->> 'lotId')) FROM "AuditEntry";

-- The action filter is a prefix ("bid." = every bid action): LIKE 'bid.%'. Under a non-C collation (the
-- cluster's is C.UTF-8) the default operator class cannot turn a LIKE prefix into an index range, so a
-- rare or mistyped action walked the whole log (0.5–1 s at 1 M entries). Same index, same columns,
-- pattern operator class: equality still uses it, and a prefix becomes a range.
DROP INDEX "AuditEntry_action_id_idx";
CREATE INDEX "AuditEntry_action_id_idx" ON "AuditEntry" (action text_pattern_ops, id);
