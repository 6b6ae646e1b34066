-- Outbox rows remember when their job finished, so a job that vanished from Redis (restart without
-- persistence, failover, lost keys) is found and relayed again (issue 14, workers/reconcile-outbox.ts).
ALTER TABLE "OutboxJob" ADD COLUMN "doneAt" TIMESTAMPTZ(3);

-- Rows relayed before this column existed stay NULL: the reconciler's first pass looks each job up in
-- Redis and marks the finished ones (a delayed job due next week must not be taken for done).

-- The reconciler's working set: relayed, not yet finished. Small at any time.
CREATE INDEX "OutboxJob_open_idx" ON "OutboxJob" (id) WHERE "dispatchedAt" IS NOT NULL AND "doneAt" IS NULL;
-- Marking a finished job by its BullMQ id.
CREATE INDEX "OutboxJob_jobId_open_idx" ON "OutboxJob" ("jobId") WHERE "doneAt" IS NULL;
