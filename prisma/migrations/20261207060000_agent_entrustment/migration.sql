-- Issue 13 item 9: 委托代理 — a buyer entrusts an agent organisation; projects naming an agent need one in force.
CREATE TABLE "AgentEntrustment" (
    "id" UUID NOT NULL,
    "buyerOrgId" UUID NOT NULL,
    "agentOrgId" UUID NOT NULL,
    "validFrom" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "validUntil" TIMESTAMPTZ(3),
    "note" VARCHAR(200) NOT NULL DEFAULT '',
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedById" UUID,

    CONSTRAINT "AgentEntrustment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AgentEntrustment_period_check" CHECK ("validUntil" IS NULL OR "validUntil" > "validFrom"),
    CONSTRAINT "AgentEntrustment_parties_check" CHECK ("buyerOrgId" <> "agentOrgId")
);

CREATE INDEX "AgentEntrustment_buyerOrgId_idx" ON "AgentEntrustment"("buyerOrgId");
CREATE INDEX "AgentEntrustment_agentOrgId_buyerOrgId_idx" ON "AgentEntrustment"("agentOrgId", "buyerOrgId");
