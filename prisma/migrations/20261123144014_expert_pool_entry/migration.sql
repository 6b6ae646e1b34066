-- CreateTable
CREATE TABLE "ExpertPoolEntry" (
    "specialtyCode" VARCHAR(16) NOT NULL,
    "expertId" UUID NOT NULL,
    "expertCode" VARCHAR(16) NOT NULL,
    "status" "ExpertStatus" NOT NULL,
    "employerCreditCode" CHAR(18) NOT NULL,
    "userId" UUID,

    CONSTRAINT "ExpertPoolEntry_pkey" PRIMARY KEY ("specialtyCode","expertId")
);

-- CreateIndex
CREATE INDEX "ExpertPoolEntry_specialtyCode_expertCode_expertId_status_em_idx" ON "ExpertPoolEntry"("specialtyCode", "expertCode", "expertId", "status", "employerCreditCode", "userId");

-- Hand-written: ExpertPoolEntry is a read model kept in step with Expert and ExpertSpecialty by triggers
-- (the draw's eligibility scan reads it alone; see app/domain/draw/eligible-pools.ts).
INSERT INTO "ExpertPoolEntry" ("specialtyCode", "expertId", "expertCode", "status", "employerCreditCode", "userId")
SELECT es."specialtyCode", e.id, e.code, e.status, e."employerCreditCode", e."userId"
  FROM "ExpertSpecialty" es JOIN "Expert" e ON e.id = es."expertId";

CREATE FUNCTION expert_pool_entry_from_specialty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    DELETE FROM "ExpertPoolEntry" WHERE "specialtyCode" = OLD."specialtyCode" AND "expertId" = OLD."expertId";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "ExpertPoolEntry" ("specialtyCode", "expertId", "expertCode", "status", "employerCreditCode", "userId")
    SELECT NEW."specialtyCode", e.id, e.code, e.status, e."employerCreditCode", e."userId" FROM "Expert" e WHERE e.id = NEW."expertId"
    ON CONFLICT ("specialtyCode", "expertId") DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER expert_specialty_pool_entry AFTER INSERT OR UPDATE OR DELETE ON "ExpertSpecialty"
  FOR EACH ROW EXECUTE FUNCTION expert_pool_entry_from_specialty();

CREATE FUNCTION expert_pool_entry_from_expert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ExpertPoolEntry"
     SET "expertCode" = NEW.code, "status" = NEW.status, "employerCreditCode" = NEW."employerCreditCode", "userId" = NEW."userId"
   WHERE "expertId" = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER expert_pool_entry_fields AFTER UPDATE OF code, status, "employerCreditCode", "userId" ON "Expert"
  FOR EACH ROW
  WHEN (OLD.code IS DISTINCT FROM NEW.code OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD."employerCreditCode" IS DISTINCT FROM NEW."employerCreditCode" OR OLD."userId" IS DISTINCT FROM NEW."userId")
  EXECUTE FUNCTION expert_pool_entry_from_expert();
-- An Expert deleted cascades to ExpertSpecialty, whose DELETE trigger removes the entries.
