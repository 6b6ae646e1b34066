-- Hand-written: a version per specialty for the draw's cached eligibility structure (app/domain/draw/
-- cached-eligible-pools.ts, docs/decisions/0026-draw-eligibility-cache.md). Any change to a specialty's
-- ExpertPoolEntry rows (which only the triggers of migration expert_pool_entry write) gives the specialty
-- a new version in the same transaction, so a process holding a specialty's entries at version v knows
-- they are exactly what a snapshot showing v would read. Versions come from a sequence: never reused, not
-- even after a TRUNCATE (the sequence is owned by no column, so RESTART IDENTITY leaves it alone).
CREATE SEQUENCE "expert_pool_version_seq";

CREATE TABLE "ExpertPoolVersion" (
    "specialtyCode" VARCHAR(16) NOT NULL,
    "version" BIGINT NOT NULL,

    CONSTRAINT "ExpertPoolVersion_pkey" PRIMARY KEY ("specialtyCode")
);

-- Every specialty that has entries has a row: rows are never deleted, and a specialty without one has
-- never had an entry (or its version table was truncated by hand: then restart the processes).
INSERT INTO "ExpertPoolVersion" ("specialtyCode", "version")
SELECT DISTINCT "specialtyCode", nextval('expert_pool_version_seq') FROM "ExpertPoolEntry";

-- New versions for the given specialties, rows locked in code order (two transactions bumping
-- overlapping sets wait for each other instead of deadlocking within one statement).
CREATE FUNCTION expert_pool_bump(codes text[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "ExpertPoolVersion" ("specialtyCode", "version")
  SELECT c, nextval('expert_pool_version_seq') FROM (SELECT DISTINCT c FROM unnest(codes) AS c WHERE c IS NOT NULL) u ORDER BY c
  ON CONFLICT ("specialtyCode") DO UPDATE SET "version" = EXCLUDED."version"
$$;

-- Statement-level (one bump per statement, not per row: an import of 100 000 experts bumps each of its
-- specialties once). Transition tables allow one event per trigger, hence three triggers on one function.
CREATE FUNCTION expert_pool_version_from_specialty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM expert_pool_bump(ARRAY(SELECT "specialtyCode"::text FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM expert_pool_bump(ARRAY(SELECT "specialtyCode"::text FROM old_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM expert_pool_bump(ARRAY(SELECT "specialtyCode"::text FROM new_rows UNION SELECT "specialtyCode"::text FROM old_rows));
  ELSE -- TRUNCATE
    PERFORM expert_pool_bump(ARRAY(SELECT "specialtyCode"::text FROM "ExpertPoolVersion"));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER expert_specialty_pool_version_ins AFTER INSERT ON "ExpertSpecialty"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION expert_pool_version_from_specialty();
CREATE TRIGGER expert_specialty_pool_version_del AFTER DELETE ON "ExpertSpecialty"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION expert_pool_version_from_specialty();
CREATE TRIGGER expert_specialty_pool_version_upd AFTER UPDATE ON "ExpertSpecialty"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION expert_pool_version_from_specialty();
CREATE TRIGGER expert_specialty_pool_version_trunc AFTER TRUNCATE ON "ExpertSpecialty"
  FOR EACH STATEMENT EXECUTE FUNCTION expert_pool_version_from_specialty();
CREATE TRIGGER expert_pool_entry_version_trunc AFTER TRUNCATE ON "ExpertPoolEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION expert_pool_version_from_specialty();

-- The expert's fields that the entries copy (the same list as trigger expert_pool_entry_fields).
CREATE FUNCTION expert_pool_version_from_expert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM expert_pool_bump(ARRAY(
    SELECT es."specialtyCode"::text
      FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN "ExpertSpecialty" es ON es."expertId" = n.id
     WHERE (o.code, o.status, o."employerCreditCode", o."userId") IS DISTINCT FROM (n.code, n.status, n."employerCreditCode", n."userId")));
  RETURN NULL;
END $$;

CREATE TRIGGER expert_pool_version_fields AFTER UPDATE ON "Expert"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION expert_pool_version_from_expert();
-- An Expert deleted cascades to ExpertSpecialty, whose DELETE trigger bumps its specialties.

-- A draw's pools are ~5 000 codes per specialty, written once per draw request: pglz compression of
-- those arrays cost more than the rest of the INSERT (about 4 ms per pool on the benchmark machine); lz4
-- takes a fraction of that for ~12% more bytes. Existing rows keep their compression until rewritten.
ALTER TABLE "DrawPool" ALTER COLUMN "codes" SET COMPRESSION lz4;
