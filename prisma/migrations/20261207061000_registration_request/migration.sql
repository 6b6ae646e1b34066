-- Issue 13 item 9: self-registration confirmed by e-mail, so that its answer does not reveal existing accounts.
CREATE TABLE "RegistrationRequest" (
    "id" UUID NOT NULL,
    "tokenHash" CHAR(64) NOT NULL,
    "input" JSONB NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "ip" VARCHAR(64) NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RegistrationRequest_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "RegistrationRequest_tokenHash_key" ON "RegistrationRequest"("tokenHash");
CREATE INDEX "RegistrationRequest_expiresAt_idx" ON "RegistrationRequest"("expiresAt");
